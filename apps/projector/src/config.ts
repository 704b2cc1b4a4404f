import { ConfigError, envInt, envList, envPositiveInts } from "@orderlens/server";

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
  shutdownGraceMs: number;
  /** Browser origins allowed to call the admin API (the dashboard); undefined = CORS off. */
  corsOrigins: string[] | "*" | undefined;
}

function timeZoneOf(env: NodeJS.ProcessEnv): string {
  const zone = env.REPORT_TIME_ZONE?.trim() || "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new ConfigError(
      `REPORT_TIME_ZONE must be an IANA time zone such as Europe/Berlin, got ${JSON.stringify(zone)}`,
    );
  }
  return zone;
}

function partitionList(env: NodeJS.ProcessEnv, partitions: number): number[] {
  const raw = env.PROJECTOR_PARTITIONS?.trim();
  const all = Array.from({ length: partitions }, (_, i) => i);
  if (!raw || raw === "all") return all;
  const list = raw.split(",").map((s) => Number(s.trim()));
  if (list.some((p) => !Number.isInteger(p) || p < 0 || p >= partitions)) {
    throw new ConfigError(
      `PROJECTOR_PARTITIONS must be "all" or a list of partitions in 0..${partitions - 1}, got ${raw}`,
    );
  }
  return [...new Set(list)].sort((a, b) => a - b);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const partitions = envInt(env, "PARTITIONS", 8, 1, 1024);
  const origins = envList(env, "CORS_ORIGINS");
  return {
    port: envInt(env, "PROJECTOR_PORT", 50053, 0, 65535),
    host: env.PROJECTOR_HOST?.trim() || "0.0.0.0",
    mysqlUrl:
      env.MYSQL_URL?.trim() ||
      "mysql://orderlens_projector:orderlens-projector-dev@127.0.0.1:3306/orderlens",
    readMysqlUrl:
      env.PROJECTOR_MYSQL_URL?.trim() ||
      "mysql://orderlens_projector:orderlens-projector-dev@127.0.0.1:3306/orderlens_read",
    amqpUrl: env.AMQP_URL?.trim() || "amqp://guest:guest@127.0.0.1:5672",
    amqpPrefix: env.AMQP_PREFIX?.trim() || "orderlens",
    partitions,
    consumePartitions: partitionList(env, partitions),
    retryDelaysMs: envPositiveInts(env, "RETRY_DELAYS_MS", [1_000, 10_000, 60_000]),
    meiliUrl: env.MEILI_URL?.trim() || "http://127.0.0.1:7700",
    meiliApiKey: env.MEILI_API_KEY?.trim() || env.MEILI_MASTER_KEY?.trim() || undefined,
    indexPrefix: env.MEILI_INDEX_PREFIX?.trim() ?? "",
    timeZone: timeZoneOf(env),
    prefetch: envInt(env, "PROJECTOR_PREFETCH", 500, 1, 65_535),
    batchSize: envInt(env, "PROJECTOR_BATCH_SIZE", 200, 1, 10_000),
    batchMs: envInt(env, "PROJECTOR_BATCH_MS", 20, 0, 60_000),
    syncBatchSize: envInt(env, "SYNC_BATCH_SIZE", 1_000, 1, 100_000),
    syncIntervalMs: envInt(env, "SYNC_INTERVAL_MS", 100, 10, 60_000),
    shutdownGraceMs: envInt(env, "SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
    corsOrigins: origins?.includes("*") ? "*" : origins,
  };
}

export { ConfigError } from "@orderlens/server";
