import {
  amqpVars,
  boolVar,
  ConfigError,
  corsOrigins,
  corsVars,
  defineEnvSchema,
  intVar,
  listenVars,
  meiliSettings,
  meiliVars,
  serviceVars,
  timeZoneVar,
} from "@orderlens/server";

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
  /** Months of sales aggregates the projector keeps (REPORT_RETENTION_MONTHS); 0 = all. */
  reportRetentionMonths: number;
  /** Watch streams open at once on this instance. */
  watchMaxWatchers: number;
  /** Updates per second a watch stream sends at most. */
  watchMaxUpdatesPerSecond: number;
  /** How often the instance looks for read-model changes while anyone watches and notices are down. */
  watchPollMs: number;
  /** Watchers are woken by the projector's change notices; polling is the fallback. */
  watchChangeNotices: boolean;
  /** Sales reports kept in memory until a change notice lists a month they read; 0: none. */
  reportCacheEntries: number;
  /** RabbitMQ, for the projector's change notices (watches fall back to polling without it). */
  amqpUrl: string;
  amqpPrefix: string;
}

// Only the broker's address and names: query-svc reads change notices, no partitions or tiers.
const { AMQP_URL, AMQP_PREFIX } = amqpVars();

/** query-svc's variables: the shared blocks plus its own. */
export const configSchema = defineEnvSchema(
  {
    ...listenVars("QUERY", { port: 50052 }),
    ...meiliVars({
      keyActions: "`search`, `documents.get`",
      prefix: "prefix of every index uid; must match the projector's",
    }),
    MEILI_TIMEOUT_MS: intVar({
      default: 5_000,
      min: 100,
      max: 120_000,
      description: "a Meilisearch call slower than this fails as `UNAVAILABLE`",
    }),
    GET_ORDER_DEFAULT_WAIT_MS: intVar({
      default: 2_000,
      min: 0,
      max: 60_000,
      description: "GetOrder's wait for a minimum version when the request gives none",
    }),
    GET_ORDER_MAX_WAIT_MS: intVar({
      default: 10_000,
      min: 0,
      max: 60_000,
      description: "the longest GetOrder waits for a minimum version",
    }),
    REPORT_TIME_ZONE: timeZoneVar({
      default: "UTC",
      description: "reported with each sales report; must match the projector's",
    }),
    REPORT_RETENTION_MONTHS: intVar({
      default: 0,
      min: 0,
      max: 1_200,
      description:
        "the projector's report window: months before it are answered FAILED_PRECONDITION (they are in the Parquet history); must match the projector's; 0 = every month",
    }),
    WATCH_MAX_WATCHERS: intVar({
      default: 10_000,
      min: 1,
      max: 1_000_000,
      description: "watch streams open at once on one instance; one more gets `RESOURCE_EXHAUSTED`",
    }),
    WATCH_MAX_UPDATES_PER_SECOND: intVar({
      default: 4,
      min: 1,
      max: 100,
      description: "updates a watch stream sends per second at most; changes in between are folded",
    }),
    WATCH_POLL_MS: intVar({
      default: 100,
      min: 10,
      max: 10_000,
      description:
        "how often the projection status is read for changes while anyone watches and change notices are down",
    }),
    WATCH_CHANGE_NOTICES: boolVar({
      default: true,
      description:
        "wake watchers by the projector's change notices (RabbitMQ); `false`: poll the projection status only",
    }),
    REPORT_CACHE_ENTRIES: intVar({
      default: 1_000,
      min: 0,
      max: 1_000_000,
      description:
        "sales reports kept in memory (least recently used dropped first), each until a change notice lists a month it reads; stores only while notices flow; `0`: off",
    }),
    AMQP_URL: {
      ...AMQP_URL,
      description: "RabbitMQ, for change notices (watches poll without it)",
    },
    AMQP_PREFIX,
    ...corsVars(),
    ...serviceVars({ needs: "queries need `reports:read`" }),
  },
  (v): QueryServiceConfig => {
    if (v.GET_ORDER_DEFAULT_WAIT_MS > v.GET_ORDER_MAX_WAIT_MS) {
      throw new ConfigError(
        `GET_ORDER_DEFAULT_WAIT_MS (${v.GET_ORDER_DEFAULT_WAIT_MS}) must not exceed GET_ORDER_MAX_WAIT_MS (${v.GET_ORDER_MAX_WAIT_MS})`,
      );
    }
    return {
      port: v.QUERY_PORT,
      host: v.QUERY_HOST,
      ...meiliSettings(v),
      meiliTimeoutMs: v.MEILI_TIMEOUT_MS,
      maxWaitMs: v.GET_ORDER_MAX_WAIT_MS,
      defaultWaitMs: v.GET_ORDER_DEFAULT_WAIT_MS,
      corsOrigins: corsOrigins(v),
      shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
      reportTimeZone: v.REPORT_TIME_ZONE,
      reportRetentionMonths: v.REPORT_RETENTION_MONTHS,
      watchMaxWatchers: v.WATCH_MAX_WATCHERS,
      watchMaxUpdatesPerSecond: v.WATCH_MAX_UPDATES_PER_SECOND,
      watchPollMs: v.WATCH_POLL_MS,
      watchChangeNotices: v.WATCH_CHANGE_NOTICES,
      reportCacheEntries: v.REPORT_CACHE_ENTRIES,
      amqpUrl: v.AMQP_URL,
      amqpPrefix: v.AMQP_PREFIX,
    };
  },
);

/** The names of the variables query-svc reads (deploy/ is checked against them). */
export const configVariables: ReadonlySet<string> = configSchema.variables;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): QueryServiceConfig {
  return configSchema.load(env);
}

export { ConfigError } from "@orderlens/server";
