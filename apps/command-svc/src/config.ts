import {
  amqpSettings,
  amqpVars,
  boolVar,
  corsOrigins,
  corsVars,
  defineEnvSchema,
  intVar,
  listenVars,
  mysqlPoolVars,
  mysqlVars,
  serviceVars,
} from "@orderlens/server";

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

/**
 * command-svc's variables: the shared blocks plus its own. Auth and LOG_LEVEL are checked here at
 * start; the server and the logger read them through the same blocks.
 */
export const configSchema = defineEnvSchema(
  {
    ...listenVars("COMMAND", { port: 50051 }),
    ...mysqlVars({
      url: "mysql://orderlens_command:orderlens-command-dev@127.0.0.1:3306/orderlens",
      description: "event store; the database is created if missing",
    }),
    ...mysqlPoolVars(),
    ...amqpVars(),
    RELAY_ENABLED: boolVar({
      default: true,
      description: "run the outbox relay in this instance (one instance is active at a time)",
    }),
    RELAY_BATCH_SIZE: intVar({ default: 500, min: 1, max: 10_000, description: "publish window" }),
    RELAY_POLL_MS: intVar({
      default: 250,
      min: 10,
      max: 60_000,
      description: "how often the relay looks for other instances' commits",
    }),
    MAX_MESSAGE_BYTES: intVar({
      default: 1024 * 1024,
      min: 1024,
      max: 64 * 1024 * 1024,
      description: "larger requests get `RESOURCE_EXHAUSTED`",
    }),
    ALLOW_CLIENT_COMMAND_TIME: boolVar({
      default: false,
      description:
        "development only: honour `x-orderlens-command-time` (the demo; `npm start` sets it)",
    }),
    ...corsVars(),
    ...serviceVars({ needs: "commands need `orders:write`" }),
  },
  (v): CommandServiceConfig => ({
    port: v.COMMAND_PORT,
    host: v.COMMAND_HOST,
    mysqlUrl: v.MYSQL_URL,
    mysqlPoolSize: v.MYSQL_POOL_SIZE,
    ...amqpSettings(v),
    relayEnabled: v.RELAY_ENABLED,
    allowClientCommandTime: v.ALLOW_CLIENT_COMMAND_TIME,
    relayBatchSize: v.RELAY_BATCH_SIZE,
    relayPollMs: v.RELAY_POLL_MS,
    maxMessageBytes: v.MAX_MESSAGE_BYTES,
    corsOrigins: corsOrigins(v),
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
  }),
);

/** The names of the variables command-svc reads (deploy/ is checked against them). */
export const configVariables: ReadonlySet<string> = configSchema.variables;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CommandServiceConfig {
  return configSchema.load(env);
}

export { ConfigError } from "@orderlens/server";
