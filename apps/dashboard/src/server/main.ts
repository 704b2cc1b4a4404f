#!/usr/bin/env node
// orderlens-dashboard: serves the built dashboard and its /config.json until SIGINT/SIGTERM.
import { createLogger, onShutdownSignals, reportFatal } from "@orderlens/server";
import { dashboardSettingsFromEnv } from "./dashboard-settings.js";
import { createDashboardServer } from "./static-server.js";

async function main(): Promise<void> {
  const logger = createLogger({ service: "dashboard" });
  const settings = dashboardSettingsFromEnv();
  const server = createDashboardServer({ root: settings.root, config: settings.config });
  const { url } = await server.listen(settings.port, settings.host);
  logger.info("dashboard ready", { url, ...settings.config });
  process.stdout.write(`\n  orderlens dashboard: ${url}\n\n`);
  onShutdownSignals(() => server.close(), { logger });
}

main().catch((error: unknown) => {
  reportFatal("dashboard", error);
  process.exit(1);
});
