export type { RuntimeConfig } from "../shared/runtime-config.js";
export {
  builtDashboardDir,
  type DashboardSettings,
  dashboardSettingsFromEnv,
} from "./dashboard-settings.js";
export {
  contentSecurityPolicy,
  createDashboardServer,
  type DashboardServer,
  type DashboardServerOptions,
} from "./static-server.js";
