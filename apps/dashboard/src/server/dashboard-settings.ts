import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  authSettings,
  authVars,
  defineEnvSchema,
  intVar,
  listenVars,
  optionalStringVar,
} from "@orderlens/server";
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

function serviceVars<N extends string, P extends string>(name: N, portVariable: P, port: number) {
  return {
    [name]: optionalStringVar({
      shownDefault: `http://localhost:<${portVariable}>`,
      description: "the service's URL as the browser reaches it",
    }),
    [portVariable]: intVar({
      default: port,
      min: 1,
      max: 65535,
      description: "the service's port, when its URL is not given",
    }),
  } as Record<N, ReturnType<typeof optionalStringVar>> & Record<P, ReturnType<typeof intVar>>;
}

const timing = (fallback: number, description: string) =>
  intVar({ default: fallback, min: 100, max: 3_600_000, description });

/**
 * The static server's variables. Auth is on exactly when the services check tokens
 * (ORDERLENS_TOKENS set and ORDERLENS_AUTH_DISABLED not true), which the page must know to ask
 * for one.
 */
export const dashboardConfigSchema = defineEnvSchema(
  {
    ...listenVars("DASHBOARD", { port: 8080, what: "the dashboard's static server" }),
    DASHBOARD_ROOT: optionalStringVar({
      shownDefault: "the built dashboard",
      description: "the folder of the Vite build it serves",
    }),
    ...serviceVars("DASHBOARD_COMMAND_URL", "COMMAND_PORT", 50051),
    ...serviceVars("DASHBOARD_QUERY_URL", "QUERY_PORT", 50052),
    ...serviceVars("DASHBOARD_PROJECTOR_URL", "PROJECTOR_PORT", 50053),
    DASHBOARD_POLL_INTERVAL_MS: timing(
      defaultTimings.pollIntervalMs,
      "how often a live view polls when streaming is unavailable",
    ),
    DASHBOARD_STREAM_RETRY_MS: timing(
      defaultTimings.streamRetryMs,
      "how long a polling view waits before trying the stream again",
    ),
    ...authVars(),
  },
  (v): DashboardSettings => {
    const auth = authSettings(v);
    const url = (given: string | undefined, port: number) => given ?? `http://localhost:${port}`;
    return {
      port: v.DASHBOARD_PORT,
      host: v.DASHBOARD_HOST,
      root: v.DASHBOARD_ROOT ?? builtDashboardDir,
      config: parseRuntimeConfig({
        commandUrl: url(v.DASHBOARD_COMMAND_URL, v.COMMAND_PORT),
        queryUrl: url(v.DASHBOARD_QUERY_URL, v.QUERY_PORT),
        projectorUrl: url(v.DASHBOARD_PROJECTOR_URL, v.PROJECTOR_PORT),
        authRequired: !auth.disabled && auth.tokens.length > 0,
        pollIntervalMs: v.DASHBOARD_POLL_INTERVAL_MS,
        streamRetryMs: v.DASHBOARD_STREAM_RETRY_MS,
      }),
    };
  },
);

export function dashboardSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DashboardSettings {
  return dashboardConfigSchema.load(env);
}
