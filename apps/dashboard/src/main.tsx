import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import { loadRuntimeConfig } from "./config/runtime-config-context";
import "./styles/base.css";
import "./styles/controls.css";
import "./styles/data.css";
import "./styles/pages.css";

const root = createRoot(document.getElementById("root") as HTMLElement);

loadRuntimeConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <main className="startup-error" role="alert">
        <h1>The dashboard cannot start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    ),
);
