import {
  amqpSettings,
  amqpVars,
  ConfigError,
  corsOrigins,
  corsVars,
  defineEnvSchema,
  intVar,
  listenVars,
  meiliSettings,
  meiliVars,
  mysqlUrlVar,
  mysqlVars,
  parsedVar,
  serviceVars,
  timeZoneVar,
} from "@orderlens/server";

/** Everything the projector reads from the environment, with defaults that work on a dev machine. */
export interface ProjectorConfig {
  port: number;
  host: string;
  /** The event store (read only: verify and rebuild replay it). */
  mysqlUrl: string;
  /** The projector's own read schema. */
  readMysqlUrl: string;
  amqpUrl: string;
  amqpPrefix: string;
  partitions: number;
  /** The partitions this instance consumes (default all). Single active consumer keeps one reader per queue even if lists overlap. */
  consumePartitions: number[];
  retryDelaysMs: number[];
  meiliUrl: string;
  /** A key with documents.add / indexes.create / settings.update; the master key in dev. */
  meiliApiKey: string | undefined;
  indexPrefix: string;
  timeZone: string;
  prefetch: number;
  batchSize: number;
  batchMs: number;
  syncBatchSize: number;
  syncIntervalMs: number;
  syncReportIntervalMs: number;
  /** Finished Meilisearch tasks of the projector's indexes are deleted after this; 0 = kept. */
  meiliTaskRetentionHours: number;
  shutdownGraceMs: number;
  /** Browser origins allowed to call the admin API (the dashboard); undefined = CORS off. */
  corsOrigins: string[] | "*" | undefined;
  /** Months of finished orders kept in the orders index (by creation month); 0 = forever. */
  orderRetentionMonths: number;
  /** Months of sales aggregates kept; 0 = forever. */
  reportRetentionMonths: number;
  retentionIntervalMs: number;
  /** Where the history export writes its Parquet files (relative to the working directory). */
  historyDir: string;
}

const ALL = "all";

/** "all", or the partitions as a sorted list without repeats; bounded by PARTITIONS later. */
function parsePartitionList(value: string): number[] | typeof ALL {
  if (value === ALL) return ALL;
  const list = value.split(",").map((s) => Number(s.trim()));
  if (list.some((p) => !Number.isInteger(p) || p < 0)) throw new Error("not a list of integers");
  return [...new Set(list)].sort((a, b) => a - b);
}

function consumePartitions(list: number[] | typeof ALL, partitions: number): number[] {
  if (list === ALL) return Array.from({ length: partitions }, (_, i) => i);
  if (list.some((p) => p >= partitions)) {
    throw new ConfigError(
      `PROJECTOR_PARTITIONS must be "all" or a list of partitions in 0..${partitions - 1}, got ${JSON.stringify(list.join(","))}`,
    );
  }
  return list;
}

/** A path as given; a control character there is a pasting accident, never a directory name. */
function parseHistoryDir(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
  const control = /[\u0000-\u001f\u007f]/.exec(value);
  if (control)
    throw new Error(
      `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`,
    );
  return value;
}

const projectorVars = {
  PROJECTOR_PARTITIONS: parsedVar({
    description: "partitions this instance consumes, e.g. `0,1,2,3`",
    shownDefault: ALL,
    allowed: '"all" or a comma-separated list of partitions',
    fallback: (): number[] | typeof ALL => ALL,
    parse: parsePartitionList,
  }),
  REPORT_TIME_ZONE: timeZoneVar({
    default: "UTC",
    description: "IANA zone in which months and days are cut",
  }),
  PROJECTOR_PREFETCH: intVar({
    default: 500,
    min: 1,
    max: 65_535,
    description: "unacknowledged messages per partition (consumption window)",
  }),
  PROJECTOR_BATCH_SIZE: intVar({
    default: 200,
    min: 1,
    max: 10_000,
    description: "events per micro-batch (one MySQL transaction)",
  }),
  PROJECTOR_BATCH_MS: intVar({
    default: 20,
    min: 0,
    max: 60_000,
    description: "how long a micro-batch waits to fill",
  }),
  SYNC_BATCH_SIZE: intVar({
    default: 10_000,
    min: 1,
    max: 100_000,
    description:
      "most documents per Meilisearch push: a real Meilisearch spends more per push as an index grows, so a backlog drains about 4x faster in pushes of 20,000 than of 1,000",
  }),
  SYNC_INTERVAL_MS: intVar({
    default: 100,
    min: 10,
    max: 60_000,
    description: "how often the sync loop looks for changed rows",
  }),
  SYNC_REPORT_INTERVAL_MS: intVar({
    default: 500,
    min: 0,
    max: 60_000,
    description:
      "the sales report indexes are pushed at most this often while orders keep changing (the orders index, which read-your-writes waits on, every pass); 0 pushes them every pass",
  }),
  HISTORY_DIR: parsedVar({
    description:
      "where `export` and ExportHistory write the Parquet history (`order_lines/month=YYYY-MM/order_lines.parquet`), relative to the working directory",
    shownDefault: ".data/history",
    allowed: "a directory path without control characters",
    fallback: () => ".data/history",
    parse: parseHistoryDir,
  }),
  MEILI_TASK_RETENTION_HOURS: intVar({
    default: 24,
    min: 0,
    max: 87_600,
    description:
      "finished Meilisearch tasks of the projector's indexes are deleted (hourly) once older than this; 0 keeps them",
  }),
  ORDER_RETENTION_MONTHS: intVar({
    default: 24,
    min: 0,
    max: 1_200,
    description:
      "finished orders created more months ago than this leave the orders index (the event store keeps them; export them to Parquet); 0 keeps them forever",
  }),
  REPORT_RETENTION_MONTHS: intVar({
    default: 0,
    min: 0,
    max: 1_200,
    description:
      "sales aggregates of months older than this leave the report indexes; 0 (the default) keeps them forever, since they are small",
  }),
  RETENTION_INTERVAL_MS: intVar({
    default: 3_600_000,
    min: 1_000,
    max: 604_800_000,
    description: "how often the sync leader runs retention",
  }),
};

/** The projector's variables: the shared blocks plus its own. */
export const configSchema = defineEnvSchema(
  {
    ...listenVars("PROJECTOR", { port: 50053, what: "admin API, health, reflection, metrics" }),
    ...mysqlVars({
      url: "mysql://orderlens_projector:orderlens-projector-dev@127.0.0.1:3306/orderlens",
      description: "the event store (read only: verify, rebuild)",
    }),
    PROJECTOR_MYSQL_URL: mysqlUrlVar({
      default: "mysql://orderlens_projector:orderlens-projector-dev@127.0.0.1:3306/orderlens_read",
      description: "the projector's own schema (created if missing)",
    }),
    ...amqpVars(),
    ...meiliVars({
      keyActions:
        "`indexes.create`, `settings.update`, `documents.add`, `documents.get`, `tasks.get`, `tasks.delete`; for Rebuild also `indexes.get`, `indexes.swap`, `indexes.delete`",
      prefix: "prefix of every index uid",
    }),
    ...projectorVars,
    ...corsVars(),
    ...serviceVars({ needs: "the admin API needs `admin`" }),
  },
  (v): ProjectorConfig => ({
    port: v.PROJECTOR_PORT,
    host: v.PROJECTOR_HOST,
    mysqlUrl: v.MYSQL_URL,
    readMysqlUrl: v.PROJECTOR_MYSQL_URL,
    ...amqpSettings(v),
    consumePartitions: consumePartitions(v.PROJECTOR_PARTITIONS, v.PARTITIONS),
    ...meiliSettings(v),
    timeZone: v.REPORT_TIME_ZONE,
    prefetch: v.PROJECTOR_PREFETCH,
    batchSize: v.PROJECTOR_BATCH_SIZE,
    batchMs: v.PROJECTOR_BATCH_MS,
    syncBatchSize: v.SYNC_BATCH_SIZE,
    syncIntervalMs: v.SYNC_INTERVAL_MS,
    syncReportIntervalMs: v.SYNC_REPORT_INTERVAL_MS,
    meiliTaskRetentionHours: v.MEILI_TASK_RETENTION_HOURS,
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
    corsOrigins: corsOrigins(v),
    orderRetentionMonths: v.ORDER_RETENTION_MONTHS,
    reportRetentionMonths: v.REPORT_RETENTION_MONTHS,
    retentionIntervalMs: v.RETENTION_INTERVAL_MS,
    historyDir: v.HISTORY_DIR,
  }),
);

/** The names of the variables the projector reads (deploy/ is checked against them). */
export const configVariables: ReadonlySet<string> = configSchema.variables;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  return configSchema.load(env);
}

export { ConfigError } from "@orderlens/server";
