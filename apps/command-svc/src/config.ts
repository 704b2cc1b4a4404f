import { envBool, envInt, envList, envPositiveInts } from "@orderlens/server";

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
  /** Development only: honour x-orderlens-command-time (the demo spreads orders over months). */
  allowClientCommandTime: boolean;
  relayBatchSize: number;
  relayPollMs: number;
  maxMessageBytes: number;
  corsOrigins: string[] | "*" | undefined;
  shutdownGraceMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CommandServiceConfig {
  const origins = envList(env, "CORS_ORIGINS");
  return {
    port: envInt(env, "COMMAND_PORT", 50051, 0, 65535),
    host: env.COMMAND_HOST?.trim() || "0.0.0.0",
    mysqlUrl:
      env.MYSQL_URL?.trim() ||
      "mysql://orderlens_command:orderlens-command-dev@127.0.0.1:3306/orderlens",
    mysqlPoolSize: envInt(env, "MYSQL_POOL_SIZE", 20, 1, 1000),
    amqpUrl: env.AMQP_URL?.trim() || "amqp://guest:guest@127.0.0.1:5672",
    amqpPrefix: env.AMQP_PREFIX?.trim() || "orderlens",
    partitions: envInt(env, "PARTITIONS", 8, 1, 1024),
    retryDelaysMs: envPositiveInts(env, "RETRY_DELAYS_MS", [1_000, 10_000, 60_000]),
    relayEnabled: envBool(env, "RELAY_ENABLED", true),
    allowClientCommandTime: envBool(env, "ALLOW_CLIENT_COMMAND_TIME", false),
    relayBatchSize: envInt(env, "RELAY_BATCH_SIZE", 500, 1, 10_000),
    relayPollMs: envInt(env, "RELAY_POLL_MS", 250, 10, 60_000),
    maxMessageBytes: envInt(env, "MAX_MESSAGE_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
    corsOrigins: origins?.includes("*") ? "*" : origins,
    shutdownGraceMs: envInt(env, "SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
  };
}

export { ConfigError } from "@orderlens/server";
