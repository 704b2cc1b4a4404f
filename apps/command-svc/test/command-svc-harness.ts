import { createTopology, declareTopology, type Topology } from "@orderlens/bus";
import { OrderCommandService } from "@orderlens/contracts";
import { decodeEnvelope, type StoredEvent } from "@orderlens/order-events";
import {
  createGrpcJsClient,
  createLogger,
  type GrpcJsClient,
  type TokenGrant,
} from "@orderlens/server";
import {
  type AmqpScope,
  createAmqpScope,
  createTestDatabase,
  type TestDatabase,
} from "@orderlens/testing";
import amqp from "amqplib";
import {
  type RunningCommandService,
  type StartOptions,
  startCommandService,
} from "../src/command-service.js";
import { type CommandServiceConfig, loadConfig } from "../src/config.js";

export const writerToken = "writer-secret-token";
export const readerToken = "reader-secret-token";
export const testTokens: TokenGrant[] = [
  { subject: "writer", token: writerToken, scopes: ["orders:write"] },
  { subject: "reader", token: readerToken, scopes: ["reports:read"] },
];

export interface CommandSvcHarness {
  readonly database: TestDatabase;
  readonly scope: AmqpScope;
  readonly config: CommandServiceConfig;
  readonly topology: Topology;
  readonly address: string;
  service: RunningCommandService;
  client: GrpcJsClient<typeof OrderCommandService>;
  /** Starts another instance on the same database and broker (relay failover tests). */
  startAnother(options?: StartOptions): Promise<RunningCommandService>;
  stop(): Promise<void>;
}

export async function startCommandSvcHarness(
  label: string,
  overrides: Partial<CommandServiceConfig> = {},
  options: StartOptions = {},
): Promise<CommandSvcHarness> {
  const database = await createTestDatabase(label);
  const scope = createAmqpScope(label);
  const config: CommandServiceConfig = {
    ...loadConfig({}),
    port: 0,
    host: "127.0.0.1",
    mysqlUrl: database.url,
    amqpUrl: scope.url,
    amqpPrefix: `${scope.prefix}ol`,
    partitions: 4,
    retryDelaysMs: [200],
    relayPollMs: 50,
    shutdownGraceMs: 2_000,
    ...overrides,
  };
  const logger = createLogger({ service: "command-svc", level: "error" });
  const start = (o: StartOptions) =>
    startCommandService(config, { logger, tokens: testTokens, ...o });
  const service = await start(options);
  const others: RunningCommandService[] = [];
  const address = `127.0.0.1:${service.port}`;
  const harness: CommandSvcHarness = {
    database,
    scope,
    config,
    topology: createTopology({
      prefix: config.amqpPrefix,
      partitions: config.partitions,
      retryDelaysMs: config.retryDelaysMs,
    }),
    address,
    service,
    client: createGrpcJsClient(OrderCommandService, address, { token: writerToken }),
    async startAnother(o = {}) {
      const other = await start({ ...o });
      others.push(other);
      return other;
    },
    async stop() {
      harness.client.close();
      await Promise.all([harness.service, ...others].map((s) => s.close().catch(() => {})));
      await scope.cleanup();
      await database.drop();
    },
  };
  return harness;
}

export interface EventCollector {
  readonly events: StoredEvent[];
  /** Message ids in arrival order, duplicates included. */
  readonly deliveries: string[];
  close(): Promise<void>;
}

/** Consumes every partition queue and decodes what arrives, as a projector would. */
export async function collectEvents(url: string, topology: Topology): Promise<EventCollector> {
  const conn = await amqp.connect(url);
  const ch = await conn.createChannel();
  await declareTopology(ch, topology);
  const events: StoredEvent[] = [];
  const deliveries: string[] = [];
  for (const queue of topology.partitionQueues) {
    await ch.consume(queue, (msg) => {
      if (!msg) return;
      const event = decodeEnvelope(msg.content);
      events.push(event);
      deliveries.push(String(msg.properties.messageId));
      ch.ack(msg);
    });
  }
  return {
    events,
    deliveries,
    async close() {
      await conn.close().catch(() => {});
    },
  };
}
