import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createTopology,
  declareTopology,
  headers,
  partitionOf,
  protobufContentType,
  type Topology,
} from "@orderlens/bus";
import type { OrderEvent } from "@orderlens/domain";
import {
  beginCommandBatch,
  createDatabase,
  type Db,
  migrateToLatest,
  readStream,
} from "@orderlens/event-store";
import { encodeEnvelope, eventTypeName, type StoredEvent } from "@orderlens/order-events";
import { createLogger } from "@orderlens/server";
import {
  type AmqpScope,
  createAmqpScope,
  createTestDatabase,
  type TestDatabase,
  waitFor,
} from "@orderlens/testing";
import { type MeiliStandIn, silentLogger, startMeiliStandIn } from "@orderlens/testing/meili";
import amqp from "amqplib";
import mysql from "mysql2/promise";
import { loadConfig, type ProjectorConfig } from "../config.js";
import { type RunningProjector, startProjector } from "../projector.js";

export const masterKey = "projector-test-master-key";

export interface ProjectorHarness {
  readonly config: ProjectorConfig;
  readonly topology: Topology;
  readonly eventStore: Db;
  readonly scope: AmqpScope;
  meiliStandIn: MeiliStandIn;
  readonly meiliSnapshotPath: string | undefined;
  projectors: RunningProjector[];
  /** Rows in the read schema's projected_orders (works while no projector runs in-process). */
  projectedOrderCount(): Promise<number>;
  /** Appends events to the event store as command-svc would, and returns them as stored. */
  append(orderId: string, events: OrderEvent[], afterVersion?: number): Promise<StoredEvent[]>;
  /** Publishes stored events as the relay would (same envelope, headers, routing). */
  publish(events: readonly StoredEvent[]): Promise<void>;
  publishRaw(partition: number, body: Buffer, messageId: string): Promise<void>;
  startProjector(overrides?: Partial<ProjectorConfig>): Promise<RunningProjector>;
  /** Waits until verify reports zero differences (the convergence invariant). */
  converged(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Back the Meilisearch stand-in with a snapshot file so it can be restarted with its data. */
  meiliSnapshot?: boolean;
}

export async function startProjectorHarness(
  label: string,
  options: HarnessOptions = {},
): Promise<ProjectorHarness> {
  const eventDb: TestDatabase = await createTestDatabase(`${label} events`);
  const readDb: TestDatabase = await createTestDatabase(`${label} read`);
  const scope = createAmqpScope(label);
  const meiliSnapshotPath = options.meiliSnapshot
    ? join(tmpdir(), `orderlens-meili-${randomBytes(6).toString("hex")}.json`)
    : undefined;
  const meiliStandIn = await startMeiliStandIn({
    port: 0,
    masterKey,
    logger: silentLogger,
    ...(meiliSnapshotPath ? { snapshotPath: meiliSnapshotPath } : {}),
  });
  const { db: eventStore, pool: eventPool } = createDatabase({
    url: eventDb.url,
    connectionLimit: 4,
  });
  await migrateToLatest(eventStore);
  const config: ProjectorConfig = {
    ...loadConfig({}),
    port: 0,
    host: "127.0.0.1",
    mysqlUrl: eventDb.url,
    readMysqlUrl: readDb.url,
    amqpUrl: scope.url,
    amqpPrefix: `${scope.prefix}ol`,
    partitions: 3,
    consumePartitions: [0, 1, 2],
    retryDelaysMs: [200, 400, 800],
    meiliUrl: meiliStandIn.url,
    meiliApiKey: masterKey,
    batchMs: 5,
    syncIntervalMs: 20,
    shutdownGraceMs: 1_000,
  };
  const topology = createTopology({
    prefix: config.amqpPrefix,
    partitions: config.partitions,
    retryDelaysMs: config.retryDelaysMs,
  });
  const conn = await amqp.connect(scope.url);
  const ch = await conn.createConfirmChannel();
  await declareTopology(ch, topology);
  const logger = createLogger({
    service: "projector",
    level: (process.env.TEST_LOG_LEVEL as "warn" | undefined) ?? "error",
  });
  const harness: ProjectorHarness = {
    config,
    topology,
    eventStore,
    scope,
    meiliStandIn,
    meiliSnapshotPath,
    projectors: [],
    async projectedOrderCount() {
      const c = await mysql.createConnection({ uri: readDb.url });
      try {
        const [rows] = await c.query("SELECT COUNT(*) AS n FROM projected_orders");
        return Number((rows as { n: number }[])[0]?.n ?? 0);
      } catch {
        return 0; // the schema is not there until a projector has started
      } finally {
        await c.end();
      }
    },
    async append(orderId, events, afterVersion = 0) {
      // command-svc's own write path: a command batch, here of one command that reads nothing.
      const read = { orderId, requestId: undefined, readStream: false };
      const batch = await beginCommandBatch(eventStore, eventPool.promise(), [read]);
      await batch.commit([
        {
          append: {
            orderId,
            afterVersion,
            events,
            occurredAt: new Date(),
            metadata: { causationId: "", correlationId: "test", actor: "test" },
          },
        },
      ]);
      return (await readStream(eventStore, orderId)).slice(afterVersion);
    },
    async publish(events) {
      for (const e of events) {
        const type = eventTypeName(e.event.type);
        ch.publish(
          topology.eventsExchange,
          topology.routingKey(partitionOf(e.orderId, topology.partitions), type),
          Buffer.from(encodeEnvelope(e)),
          {
            persistent: true,
            messageId: e.eventId,
            type,
            contentType: protobufContentType,
            headers: {
              [headers.orderId]: e.orderId,
              [headers.version]: e.version,
              [headers.position]: e.position,
            },
          },
        );
      }
      await ch.waitForConfirms();
    },
    async publishRaw(partition, body, messageId) {
      ch.publish(
        topology.eventsExchange,
        topology.routingKey(partition, "orderlens.orders.v1.Garbage"),
        body,
        { persistent: true, messageId },
      );
      await ch.waitForConfirms();
    },
    async startProjector(overrides = {}) {
      const p = await startProjector(
        { ...config, meiliUrl: harness.meiliStandIn.url, ...overrides },
        { logger, authDisabled: true },
      );
      harness.projectors.push(p);
      await waitFor(() => p.consumer.consuming, {
        description: "projector to consume",
        timeoutMs: 10_000,
      });
      return p;
    },
    async converged(timeoutMs = 20_000) {
      const p = harness.projectors.at(-1);
      if (!p) throw new Error("no projector running");
      let last = "";
      try {
        await waitFor(
          async () => {
            const report = await p.verify(5);
            last = JSON.stringify(report.differences.slice(0, 3));
            return report.clean;
          },
          { timeoutMs, intervalMs: 100, description: "the indexes to converge" },
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}; last differences: ${last}`);
      }
    },
    async stop() {
      await Promise.all(harness.projectors.map((p) => p.close().catch(() => {})));
      await conn.close().catch(() => {});
      await eventStore.destroy();
      await harness.meiliStandIn.close().catch(() => {});
      await scope.cleanup();
      await eventDb.drop();
      await readDb.drop();
      if (meiliSnapshotPath) await rm(meiliSnapshotPath, { force: true });
    },
  };
  return harness;
}
