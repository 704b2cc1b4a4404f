import { ConfigError, envInt, envList } from "@orderlens/server";

/** Everything query-svc reads from the environment, with defaults that work on a dev machine. */
export interface QueryServiceConfig {
  port: number;
  host: string;
  meiliUrl: string;
  /** A search-only key (actions: search, documents.get) in production; the master key in dev. */
  meiliApiKey: string | undefined;
  indexPrefix: string;
  /** A Meilisearch call not answered within this fails the RPC as UNAVAILABLE. */
  meiliTimeoutMs: number;
  /** Upper bound of GetOrder's wait for a minimum version. */
  maxWaitMs: number;
  /** GetOrder's wait when the request gives none. */
  defaultWaitMs: number;
  corsOrigins: string[] | "*" | undefined;
  shutdownGraceMs: number;
  /** The zone the projector cuts months and days in; reported with each sales report. */
  reportTimeZone: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): QueryServiceConfig {
  const origins = envList(env, "CORS_ORIGINS");
  const maxWaitMs = envInt(env, "GET_ORDER_MAX_WAIT_MS", 10_000, 0, 60_000);
  const defaultWaitMs = envInt(env, "GET_ORDER_DEFAULT_WAIT_MS", 2_000, 0, 60_000);
  if (defaultWaitMs > maxWaitMs) {
    throw new ConfigError(
      `GET_ORDER_DEFAULT_WAIT_MS (${defaultWaitMs}) must not exceed GET_ORDER_MAX_WAIT_MS (${maxWaitMs})`,
    );
  }
  return {
    port: envInt(env, "QUERY_PORT", 50052, 0, 65535),
    host: env.QUERY_HOST?.trim() || "0.0.0.0",
    meiliUrl: env.MEILI_URL?.trim() || "http://127.0.0.1:7700",
    meiliApiKey: env.MEILI_API_KEY?.trim() || env.MEILI_MASTER_KEY?.trim() || undefined,
    indexPrefix: env.MEILI_INDEX_PREFIX?.trim() ?? "",
    meiliTimeoutMs: envInt(env, "MEILI_TIMEOUT_MS", 5_000, 100, 120_000),
    maxWaitMs,
    defaultWaitMs,
    corsOrigins: origins?.includes("*") ? "*" : origins,
    shutdownGraceMs: envInt(env, "SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
    reportTimeZone: env.REPORT_TIME_ZONE?.trim() || "UTC",
  };
}

export { ConfigError } from "@orderlens/server";
