import { createTopology, declareTopology, type Topology } from "@orderlens/bus";
import type { OrderEvent } from "@orderlens/domain";
import {
  beginCommandBatch,
  createDatabase,
  type Db,
  migrateToLatest,
  readStream,
} from "@orderlens/event-store";
import { silentLogger, startMeiliStandIn } from "@orderlens/meili-stand-in";
import type { StoredEvent } from "@orderlens/order-events";
import { createLogger } from "@orderlens/server";
import {
  type AmqpScope,
  createAmqpScope,
  createTestDatabase,
  startTestMeili,
  type TestDatabase,
  type TestMeili,
  waitFor,
} from "@orderlens/testing";
import amqp, { type ConfirmChannel } from "amqplib";
import type { Pool } from "mysql2";
import mysql from "mysql2/promise";
import { loadConfig, type ProjectorConfig } from "../src/config.js";
import { type RunningProjector, type StartOptions, startProjector } from "../src/projector.js";
import { publishAsRelay } from "./publish-as-relay.js";

export const masterKey = "projector-test-master-key";

export interface ProjectorHarness {
  readonly config: ProjectorConfig;
  readonly topology: Topology;
  readonly eventStore: Db;
  readonly scope: AmqpScope;
  /** The Meilisearch the projector writes: the stand-in, or real with ORDERLENS_TEST_MEILI=real. */
  readonly meili: TestMeili;
  projectors: RunningProjector[];
  /** Rows in the read schema's projected_orders (works while no projector runs in-process). */
  projectedOrderCount(): Promise<number>;
  /** Appends events to the event store as command-svc would, and returns them as stored. */
  append(orderId: string, events: OrderEvent[], afterVersion?: number): Promise<StoredEvent[]>;
  /** Publishes stored events as the relay would (same envelope, headers, routing). */
  publish(events: readonly StoredEvent[]): Promise<void>;
  publishRaw(partition: number, body: Buffer, messageId: string): Promise<void>;
  startProjector(
    overrides?: Partial<ProjectorConfig>,
    options?: Pick<StartOptions, "now">,
  ): Promise<RunningProjector>;
  /** Waits until verify reports zero differences (the convergence invariant). */
  converged(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The projector's settings for a test: small batches, short retries, fast sync. */
function testConfig(
  eventDb: TestDatabase,
  readDb: TestDatabase,
  scope: AmqpScope,
  meiliUrl: string,
): ProjectorConfig {
  return {
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
    meiliUrl,
    meiliApiKey: masterKey,
    batchMs: 5,
    syncIntervalMs: 20,
    shutdownGraceMs: 1_000,
  };
}

async function countProjectedOrders(readDbUrl: string): Promise<number> {
  const c = await mysql.createConnection({ uri: readDbUrl });
  try {
    const [rows] = await c.query("SELECT COUNT(*) AS n FROM projected_orders");
    return Number((rows as { n: number }[])[0]?.n ?? 0);
  } catch {
    return 0; // the schema is not there until a projector has started
  } finally {
    await c.end();
  }
}

/** command-svc's own write path: a command batch, here of one command that reads nothing. */
async function appendEvents(
  eventStore: Db,
  eventPool: Pool,
  orderId: string,
  events: OrderEvent[],
  afterVersion: number,
): Promise<StoredEvent[]> {
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
}

/** Publishes as the relay does (same envelope, headers, routing), or raw bytes. */
function createPublisher(ch: ConfirmChannel, topology: Topology) {
  return {
    async publish(events: readonly StoredEvent[]): Promise<void> {
      for (const e of events) publishAsRelay(ch, topology, e);
      await ch.waitForConfirms();
    },
    async publishRaw(partition: number, body: Buffer, messageId: string): Promise<void> {
      ch.publish(
        topology.eventsExchange,
        topology.routingKey(partition, "orderlens.orders.v1.Garbage"),
        body,
        { persistent: true, messageId },
      );
      await ch.waitForConfirms();
    },
  };
}

async function waitConverged(p: RunningProjector, timeoutMs: number): Promise<void> {
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
}

/** Two test databases, a RabbitMQ scope and a Meilisearch, for one test file. */
async function openResources(label: string) {
  const eventDb = await createTestDatabase(`${label} events`);
  const readDb = await createTestDatabase(`${label} read`);
  const scope = createAmqpScope(label);
  const meili = await startTestMeili({
    masterKey,
    standIn: (o) => startMeiliStandIn({ ...o, logger: silentLogger }),
  });
  const { db: eventStore, pool: eventPool } = createDatabase({
    url: eventDb.url,
    connectionLimit: 4,
  });
  await migrateToLatest(eventStore);
  return { eventDb, readDb, scope, meili, eventStore, eventPool };
}

export async function startProjectorHarness(label: string): Promise<ProjectorHarness> {
  const { eventDb, readDb, scope, meili, eventStore, eventPool } = await openResources(label);
  const config = testConfig(eventDb, readDb, scope, meili.url);
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
    meili,
    projectors: [],
    projectedOrderCount: () => countProjectedOrders(readDb.url),
    append: (orderId, events, afterVersion = 0) =>
      appendEvents(eventStore, eventPool, orderId, events, afterVersion),
    ...createPublisher(ch, topology),
    async startProjector(overrides = {}, options = {}) {
      const p = await startProjector(
        { ...config, ...overrides },
        { logger, authDisabled: true, ...options },
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
      await waitConverged(p, timeoutMs);
    },
    async stop() {
      await Promise.all(harness.projectors.map((p) => p.close().catch(() => {})));
      await conn.close().catch(() => {});
      await eventStore.destroy();
      await meili.close().catch(() => {});
      await scope.cleanup();
      await eventDb.drop();
      await readDb.drop();
    },
  };
  return harness;
}
