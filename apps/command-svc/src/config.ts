/** Everything command-svc reads from the environment, with defaults that work on a dev machine. */
export interface CommandServiceConfig {
  port: number;
  host: string;
  mysqlUrl: string;
  mysqlPoolSize: number;
  amqpUrl: string;
  amqpPrefix: string;
  partitions: number;
  retryDelaysMs: number[];
  relayEnabled: boolean;
  relayBatchSize: number;
  relayPollMs: number;
  maxMessageBytes: number;
  corsOrigins: string[] | "*" | undefined;
  shutdownGraceMs: number;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function int(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      `${name} must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

function list(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CommandServiceConfig {
  const delays = list(env, "RETRY_DELAYS_MS")?.map(Number) ?? [1_000, 10_000, 60_000];
  if (delays.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ConfigError(
      `RETRY_DELAYS_MS must be comma-separated positive integers, got ${env.RETRY_DELAYS_MS}`,
    );
  }
  const origins = list(env, "CORS_ORIGINS");
  return {
    port: int(env, "COMMAND_PORT", 50051, 0, 65535),
    host: env.COMMAND_HOST?.trim() || "0.0.0.0",
    mysqlUrl: env.MYSQL_URL?.trim() || "mysql://root@127.0.0.1:3306/orderlens",
    mysqlPoolSize: int(env, "MYSQL_POOL_SIZE", 20, 1, 1000),
    amqpUrl: env.AMQP_URL?.trim() || "amqp://guest:guest@127.0.0.1:5672",
    amqpPrefix: env.AMQP_PREFIX?.trim() || "orderlens",
    partitions: int(env, "PARTITIONS", 8, 1, 1024),
    retryDelaysMs: delays,
    relayEnabled: bool(env, "RELAY_ENABLED", true),
    relayBatchSize: int(env, "RELAY_BATCH_SIZE", 500, 1, 10_000),
    relayPollMs: int(env, "RELAY_POLL_MS", 250, 10, 60_000),
    maxMessageBytes: int(env, "MAX_MESSAGE_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
    corsOrigins: origins?.includes("*") ? "*" : origins,
    shutdownGraceMs: int(env, "SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
  };
}
