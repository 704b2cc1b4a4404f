import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { authFromEnv, envInt } from "@orderlens/server";
import {
  defaultTimings,
  parseRuntimeConfig,
  type RuntimeConfig,
} from "../shared/runtime-config.js";

export interface DashboardSettings {
  port: number;
  host: string;
  /** The Vite build this server serves. */
  root: string;
  config: RuntimeConfig;
}

/** dist/public, beside this file's dist/server once built. */
export const builtDashboardDir = join(dirname(fileURLToPath(import.meta.url)), "..", "public");

function serviceUrl(env: NodeJS.ProcessEnv, name: string, portVariable: string, port: number) {
  return env[name]?.trim() || `http://localhost:${envInt(env, portVariable, port, 1, 65535)}`;
}

/**
 * DASHBOARD_PORT (8080) and DASHBOARD_HOST (0.0.0.0); DASHBOARD_COMMAND_URL, DASHBOARD_QUERY_URL and
 * DASHBOARD_PROJECTOR_URL as the browser reaches the services (default localhost on their
 * ports); auth is on exactly when the services check tokens (ORDERLENS_TOKENS set and
 * ORDERLENS_AUTH_DISABLED not true), which the page must know to ask for one.
 */
export function dashboardSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DashboardSettings {
  const auth = authFromEnv(env);
  return {
    port: envInt(env, "DASHBOARD_PORT", 8080, 0, 65535),
    host: env.DASHBOARD_HOST?.trim() || "0.0.0.0",
    root: env.DASHBOARD_ROOT?.trim() || builtDashboardDir,
    config: parseRuntimeConfig({
      commandUrl: serviceUrl(env, "DASHBOARD_COMMAND_URL", "COMMAND_PORT", 50051),
      queryUrl: serviceUrl(env, "DASHBOARD_QUERY_URL", "QUERY_PORT", 50052),
      projectorUrl: serviceUrl(env, "DASHBOARD_PROJECTOR_URL", "PROJECTOR_PORT", 50053),
      authRequired: !auth.disabled && auth.tokens.length > 0,
      pollIntervalMs: envInt(
        env,
        "DASHBOARD_POLL_INTERVAL_MS",
        defaultTimings.pollIntervalMs,
        100,
        3_600_000,
      ),
      streamRetryMs: envInt(
        env,
        "DASHBOARD_STREAM_RETRY_MS",
        defaultTimings.streamRetryMs,
        100,
        3_600_000,
      ),
    }),
  };
}
