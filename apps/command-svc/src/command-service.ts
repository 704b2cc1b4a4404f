import { createTopology } from "@orderlens/bus";
import {
  createDatabase,
  type Db,
  ensureDatabaseExists,
  migrateToLatest,
} from "@orderlens/event-store";
import {
  createLogger,
  createRpcServer,
  type Logger,
  type RpcServer,
  type TokenGrant,
} from "@orderlens/server";
import { createCommandPipeline } from "./commands/command-pipeline.js";
import type { CommandServiceConfig } from "./config.js";
import {
  createOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
} from "./relay/outbox-relay.js";
import { routes } from "./routes.js";

export interface StartOptions {
  logger?: Logger;
  clock?: () => number;
  /** Defaults to ORDERLENS_TOKENS / ORDERLENS_AUTH_DISABLED from the environment. */
  tokens?: readonly TokenGrant[];
  authDisabled?: boolean;
  relay?: Partial<Pick<OutboxRelayOptions, "afterConfirm" | "connectionName">>;
}

export interface RunningCommandService {
  readonly port: number;
  readonly server: RpcServer;
  readonly relay: OutboxRelay | undefined;
  readonly db: Db;
  close(): Promise<void>;
}

/**
 * Starts command-svc: database and schema, the RPC server on one port, and the outbox relay.
 * Readiness (health SERVING) comes only after all of it is up.
 */
export async function startCommandService(
  config: CommandServiceConfig,
  options: StartOptions = {},
): Promise<RunningCommandService> {
  const logger = options.logger ?? createLogger({ service: "command-svc" });
  await ensureDatabaseExists(config.mysqlUrl);
  const { db, pool } = createDatabase({
    url: config.mysqlUrl,
    connectionLimit: config.mysqlPoolSize,
  });
  const migrated = await migrateToLatest(db);
  for (const r of migrated.results ?? [])
    logger.info("migration applied", { migration: r.migrationName });

  // The relay is created after the server (it registers metrics there); commits wake it through this.
  let relay: OutboxRelay | undefined;
  const handle = createCommandPipeline({
    db,
    pool: pool.promise(),
    onCommitted: () => relay?.wake(),
  });
  const server = createRpcServer({
    name: "command-svc",
    logger,
    services: routes({
      handle,
      allowClientTime: config.allowClientCommandTime,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
    ...(options.tokens ? { tokens: options.tokens } : {}),
    ...(options.authDisabled !== undefined ? { authDisabled: options.authDisabled } : {}),
    maxReceiveMessageBytes: config.maxMessageBytes,
    ...(config.corsOrigins ? { cors: { allowedOrigins: config.corsOrigins } } : {}),
  });
  relay = config.relayEnabled
    ? createOutboxRelay({
        db,
        mysqlUrl: config.mysqlUrl,
        amqpUrl: config.amqpUrl,
        topology: createTopology({
          prefix: config.amqpPrefix,
          partitions: config.partitions,
          retryDelaysMs: config.retryDelaysMs,
        }),
        logger,
        registry: server.registry,
        batchSize: config.relayBatchSize,
        pollIntervalMs: config.relayPollMs,
        ...options.relay,
      })
    : undefined;
  const { port } = await server.listen(config.port, config.host);
  relay?.start();
  return {
    port,
    server,
    relay,
    db,
    async close() {
      await server.close({ graceMs: config.shutdownGraceMs });
      await relay?.stop();
      await db.destroy();
    },
  };
}
