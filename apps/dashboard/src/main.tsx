import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, createQueryClient } from "./app";
import { readToken } from "./auth/token-store";
import { loadRuntimeConfig } from "./config/runtime-config-context";
import { prefetchOverview } from "./pages/overview/overview-requests";
import { createServices } from "./services/services";
import type { RuntimeConfig } from "./shared/runtime-config";
import "./styles/base.css";
import "./styles/controls.css";
import "./styles/data.css";
import "./styles/pages.css";

const root = createRoot(document.getElementById("root") as HTMLElement);

function start(config: RuntimeConfig): void {
  const services = createServices(config, readToken);
  const queryClient = createQueryClient();
  // Opening on the overview: its reports start now rather than after the first render.
  if (window.location.pathname === "/" && (!config.authRequired || readToken())) {
    prefetchOverview(queryClient, services, window.location.search);
  }
  root.render(
    <StrictMode>
      <App config={config} services={services} queryClient={queryClient} />
    </StrictMode>,
  );
}

loadRuntimeConfig().then(start, (error: unknown) =>
  root.render(
    <main className="startup-error" role="alert">
      <h1>The dashboard cannot start</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </main>,
  ),
);
