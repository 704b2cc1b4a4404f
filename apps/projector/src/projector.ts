import { Code, ConnectError } from "@connectrpc/connect";
import { createAmqpConnection, createTopology, type Topology } from "@orderlens/bus";
import { createDatabase, createLeaderLock, ensureDatabaseExists } from "@orderlens/event-store";
import {
  createIndexNames,
  createMeiliClient,
  type IndexNames,
  meiliApiError,
} from "@orderlens/meili-indexes";
import {
  createLogger,
  createRpcServer,
  type Logger,
  type RpcServer,
  type TokenGrant,
} from "@orderlens/server";
import { type Meilisearch, MeilisearchRequestError } from "meilisearch";
import type { Registry } from "prom-client";
import { ConfigError, type ProjectorConfig } from "./config.js";
import { createEventConsumer, type EventConsumer } from "./consumer/event-consumer.js";
import { createProjectorMetrics } from "./consumer/projector-metrics.js";
import { createHistoryExport } from "./history/export-runner.js";
import {
  createReadDatabase,
  migrateReadSchema,
  type ReadDb,
} from "./mysql-schema/read-database.js";
import {
  type RebuildOptions,
  type RebuildReport,
  rebuildIndexes,
} from "./rebuild/rebuild-indexes.js";
import { createRebuildProgress } from "./rebuild/rebuild-progress.js";
import {
  createRetention,
  type Retention,
  type RetentionSummary,
} from "./retention/retention-job.js";
import { routes } from "./routes.js";
import { createStatusReporter } from "./status/status-reporter.js";
import { type ChangeNotices, createChangeNotices } from "./sync/change-notices.js";
import { createSyncLoop, NotSyncLeaderError, type SyncLoop } from "./sync/sync-loop.js";
import { createTaskPruner } from "./sync/task-pruner.js";
import { verifyProjection } from "./verify/verify-projection.js";

export interface StartOptions {
  logger?: Logger;
  tokens?: readonly TokenGrant[];
  authDisabled?: boolean;
  connectionName?: string;
  /** The clock retention's windows go by (tests move it). */
  now?: () => number;
}

export interface RunningProjector {
  readonly port: number;
  readonly server: RpcServer;
  readonly consumer: EventConsumer;
  readonly sync: SyncLoop;
  readonly readDb: ReadDb;
  readonly indexes: IndexNames;
  readonly meili: Meilisearch;
  readonly retention: Retention;
  /** A whole retention run now, on the sync leader, with pushes held off meanwhile. */
  retain(): Promise<RetentionSummary>;
  verify(maxDifferences?: number): ReturnType<typeof verifyProjection>;
  rebuild(options?: Pick<RebuildOptions, "afterReplay">): Promise<RebuildReport>;
  /** Graceful: stop consuming and settle batches in hand, push what is dirty, close. */
  close(): Promise<void>;
}

/** The stores the projector reads and writes, with the read schema migrated. */
async function openStores(config: ProjectorConfig, logger: Logger) {
  const outside = config.consumePartitions.filter((p) => p >= config.partitions);
  if (outside.length > 0) {
    throw new ConfigError(
      `partitions ${outside.join(",")} to consume do not exist (PARTITIONS=${config.partitions})`,
    );
  }
  await ensureDatabaseExists(config.readMysqlUrl);
  const readDb = createReadDatabase(config.readMysqlUrl);
  for (const m of await migrateReadSchema(readDb))
    logger.info("migration applied", { migration: m });
  // The event store is read only for verify; its schema belongs to command-svc.
  const eventStore = createDatabase({ url: config.mysqlUrl, connectionLimit: 2 }).db;
  // The keep-alive client query-svc uses too: with the official client's default fetch, reading
  // a page of documents from a real Meilisearch (Verify does) took ~44 ms on loopback, ~1 ms here.
  const { meili, close: closeMeili } = createMeiliClient({
    host: config.meiliUrl,
    apiKey: config.meiliApiKey,
    timeoutMs: 30_000,
  });
  return {
    readDb,
    eventStore,
    meili,
    closeMeili,
    indexes: createIndexNames(config.indexPrefix),
  };
}

type Stores = Awaited<ReturnType<typeof openStores>>;

/** Retention, run by the sync leader between its pushes. */
function createRetentionJob(
  config: ProjectorConfig,
  stores: Stores,
  parts: { registry: Registry; logger: Logger; now?: () => number },
): Retention {
  return createRetention({
    db: stores.readDb,
    meili: stores.meili,
    indexes: stores.indexes,
    timeZone: config.timeZone,
    orderMonths: config.orderRetentionMonths,
    reportMonths: config.reportRetentionMonths,
    intervalMs: config.retentionIntervalMs,
    ...parts,
  });
}

/** The Meilisearch sync, led by one instance per index prefix. */
function createSync(
  config: ProjectorConfig,
  stores: Stores,
  parts: { registry: Registry; logger: Logger; notices: ChangeNotices; retention: Retention },
) {
  const { registry, logger, notices, retention } = parts;
  return createSyncLoop({
    db: stores.readDb,
    meili: stores.meili,
    indexes: stores.indexes,
    timeZone: config.timeZone,
    logger,
    lock: createLeaderLock({
      url: config.readMysqlUrl,
      name: `${config.amqpPrefix}.${config.indexPrefix}meili-sync`,
    }),
    registry,
    batchSize: config.syncBatchSize,
    intervalMs: config.syncIntervalMs,
    reportIntervalMs: config.syncReportIntervalMs,
    onChanged: (change) => notices.publish(change),
    retention,
    taskPruner: createTaskPruner({
      meili: stores.meili,
      indexes: stores.indexes,
      retentionMs: config.meiliTaskRetentionHours * 3_600_000,
      logger,
      registry,
    }),
  });
}

/** Rebuild on the sync leader, one at a time, its failures as precise RPC errors. */
function createRebuild(
  stores: Stores,
  sync: SyncLoop,
  progress: ReturnType<typeof createRebuildProgress>,
  parts: { timeZone: string; logger: Logger; notices: ChangeNotices; retention: Retention },
) {
  const { timeZone, logger, notices, retention } = parts;
  const { eventStore, meili, indexes } = stores;
  let rebuilding = false;
  return async (hooks: Pick<RebuildOptions, "afterReplay"> = {}): Promise<RebuildReport> => {
    if (rebuilding) throw new ConnectError("a rebuild is already running", Code.Aborted);
    rebuilding = true;
    try {
      const report = await sync.whilePaused(() =>
        rebuildIndexes({
          eventStore,
          meili,
          indexes,
          timeZone,
          logger,
          onProgress: progress.update,
          windows: retention.windows(),
          ...hooks,
        }),
      );
      notices.publishEverything();
      return report;
    } catch (error) {
      if (error instanceof NotSyncLeaderError) {
        throw new ConnectError(`${error.message}: send Rebuild there`, Code.FailedPrecondition);
      }
      // The keep-alive client wraps refusals in a request error too: only a failed request is "unreachable".
      if (error instanceof MeilisearchRequestError && !meiliApiError(error)) {
        throw new ConnectError("Rebuild: Meilisearch is unreachable", Code.Unavailable);
      }
      throw error;
    } finally {
      rebuilding = false;
    }
  };
}

/** The admin API (parking lot, rebuild, verify), health, reflection and metrics on one port. */
function createAdminServer(
  config: ProjectorConfig,
  options: StartOptions,
  logger: Logger,
  admin: Parameters<typeof routes>[0],
): RpcServer {
  return createRpcServer({
    name: "projector",
    logger,
    services: routes(admin),
    ...(options.tokens ? { tokens: options.tokens } : {}),
    ...(options.authDisabled !== undefined ? { authDisabled: options.authDisabled } : {}),
    ...(config.corsOrigins ? { cors: { allowedOrigins: config.corsOrigins } } : {}),
  });
}

/** The partition consumer; each applied batch wakes the Meilisearch sync. */
function createConsumer(
  config: ProjectorConfig,
  options: StartOptions,
  parts: {
    readDb: ReadDb;
    topology: Topology;
    logger: Logger;
    server: RpcServer;
    sync: SyncLoop;
    retention: Retention;
  },
): EventConsumer {
  return createEventConsumer({
    amqpUrl: config.amqpUrl,
    topology: parts.topology,
    partitions: config.consumePartitions,
    db: parts.readDb,
    timeZone: config.timeZone,
    logger: parts.logger,
    metrics: createProjectorMetrics(parts.server.registry),
    prefetch: config.prefetch,
    batchSize: config.batchSize,
    batchMs: config.batchMs,
    onApplied: () => parts.sync.wake(),
    reportWindow: () => parts.retention.windows().reports,
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  });
}

export async function startProjector(
  config: ProjectorConfig,
  options: StartOptions = {},
): Promise<RunningProjector> {
  const logger = options.logger ?? createLogger({ service: "projector" });
  const stores = await openStores(config, logger);
  const { readDb, eventStore, meili, closeMeili, indexes } = stores;
  const verify = (maxDifferences = 100) =>
    verifyProjection({
      eventStore,
      meili,
      indexes,
      timeZone: config.timeZone,
      maxDifferences,
      windows: retention.windows(),
    });
  const topology = createTopology({
    prefix: config.amqpPrefix,
    partitions: config.partitions,
    retryDelaysMs: config.retryDelaysMs,
  });
  const progress = createRebuildProgress();
  // Admin calls share one connection, opened by the first of them.
  const adminBroker = createAmqpConnection({
    url: config.amqpUrl,
    name: "projector admin",
    logger,
  });
  const server = createAdminServer(config, options, logger, {
    verify,
    rebuild: () => rebuild(),
    rebuildStatus: progress.current,
    broker: adminBroker,
    topology,
    exportHistory: createHistoryExport({
      eventStore,
      dir: config.historyDir,
      timeZone: config.timeZone,
      logger,
    }),
  });
  const retention = createRetentionJob(config, stores, {
    registry: server.registry,
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  const notices = createChangeNotices({ amqpUrl: config.amqpUrl, topology, logger });
  const sync = createSync(config, stores, {
    registry: server.registry,
    logger,
    notices,
    retention,
  });
  const rebuild = createRebuild(stores, sync, progress, {
    timeZone: config.timeZone,
    logger,
    notices,
    retention,
  });
  const consumer = createConsumer(config, options, {
    readDb,
    topology,
    logger,
    server,
    sync,
    retention,
  });
  const status = createStatusReporter({
    db: readDb,
    meili,
    statusIndex: indexes.projectionStatus,
    amqpUrl: config.amqpUrl,
    topology,
    logger,
    registry: server.registry,
    isLeader: () => sync.isLeader,
  });
  const { port } = await server.listen(config.port, config.host);
  sync.start();
  consumer.start();
  status.start();
  return {
    port,
    server,
    consumer,
    sync,
    readDb,
    indexes,
    meili,
    retention,
    retain: () => sync.whilePaused(() => retention.runNow()),
    verify,
    rebuild,
    async close() {
      await server.close({ graceMs: config.shutdownGraceMs });
      await consumer.stop();
      await status.stop();
      await sync.stop();
      await notices.close();
      await adminBroker.close();
      await readDb.destroy();
      closeMeili();
      await eventStore.destroy();
    },
  };
}
