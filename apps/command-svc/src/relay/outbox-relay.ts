import {
  declareTopology,
  headers,
  partitionOf,
  protobufContentType,
  type Topology,
} from "@orderlens/bus";
import {
  createLeaderLock,
  type Db,
  deleteFromOutbox,
  type OutboxEntry,
  readOutbox,
} from "@orderlens/event-store";
import { encodeEnvelope, eventTypeName } from "@orderlens/order-events";
import { createWorkLoop, type Logger } from "@orderlens/server";
import amqp from "amqplib";
import { Counter, Gauge, type Registry } from "prom-client";

export interface OutboxRelayOptions {
  db: Db;
  mysqlUrl: string;
  amqpUrl: string;
  topology: Topology;
  logger: Logger;
  registry?: Registry;
  /** Rows per publish window; one waitForConfirms per window. */
  batchSize?: number;
  /** How often to look for rows committed by other instances (local commits wake it at once). */
  pollIntervalMs?: number;
  lockName?: string;
  maxBackoffMs?: number;
  /**
   * After a wake-up with a small backlog, wait this long so one window carries the commits of
   * many concurrent commands instead of one each (fewer queries and confirms under load).
   */
  lingerMs?: number;
  /** How often the active relay re-checks that it still holds the lock. */
  lockCheckIntervalMs?: number;
  /** Name of the AMQP connection as the broker shows it. */
  connectionName?: string;
  /** Test hook: runs after a window is confirmed and before its rows are deleted. */
  afterConfirm?: (positions: readonly number[]) => Promise<void>;
}

export interface OutboxRelay {
  start(): void;
  /** Stops after the current window; rows not yet deleted are published again by the next leader. */
  stop(): Promise<void>;
  /** Look at the outbox now (called after each local commit). */
  wake(): void;
  readonly isLeader: boolean;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const {
    db,
    topology,
    logger,
    batchSize = 500,
    pollIntervalMs = 250,
    lockName = `${topology.prefix}.outbox-relay`,
    maxBackoffMs = 5_000,
    lingerMs = 5,
    lockCheckIntervalMs = 1_000,
  } = options;
  const log = logger.child({ component: "outbox-relay" });
  const lock = createLeaderLock({ url: options.mysqlUrl, name: lockName });
  const registers = options.registry ? [options.registry] : [];
  const published = new Counter({
    name: "outbox_relay_published_total",
    help: "Events published and confirmed by the broker",
    registers,
  });
  const failures = new Counter({
    name: "outbox_relay_failures_total",
    help: "Relay loop failures",
    registers,
  });
  const leader = new Gauge({
    name: "outbox_relay_leader",
    help: "1 while this instance is the active relay",
    registers,
  });

  let connection: amqp.ChannelModel | undefined;
  let channel: amqp.ConfirmChannel | undefined;
  let isLeader = false;

  const closeAmqp = async () => {
    const c = connection;
    connection = undefined;
    channel = undefined;
    await c?.close().catch(() => {});
  };

  const openChannel = async (): Promise<amqp.ConfirmChannel> => {
    if (channel) return channel;
    const conn = await amqp.connect(options.amqpUrl, {
      clientProperties: {
        connection_name: options.connectionName ?? `command-svc relay ${process.pid}`,
      },
    });
    const forget = () => {
      if (connection === conn) {
        connection = undefined;
        channel = undefined;
      }
    };
    conn.on("error", (error: Error) => log.warn("amqp connection error", { error: error.message }));
    conn.on("close", forget);
    connection = conn;
    const ch = await conn.createConfirmChannel();
    ch.on("error", (error: Error) => log.warn("amqp channel error", { error: error.message }));
    ch.on("close", forget);
    await declareTopology(ch, topology);
    channel = ch;
    log.info("relay connected to broker");
    return ch;
  };

  const publish = async (ch: amqp.ConfirmChannel, entry: OutboxEntry) => {
    const e = entry.event;
    let ok: boolean;
    if ("undecodable" in e) {
      // A stored row we cannot encode would block every order behind it; park it for a human.
      log.error("outbox row is undecodable; parking it", {
        position: entry.position,
        reason: e.undecodable,
      });
      ok = ch.publish(topology.parkingExchange, "", Buffer.from(JSON.stringify(e.row)), {
        persistent: true,
        contentType: "application/json",
        headers: {
          [headers.parkedReason]: `outbox row undecodable: ${e.undecodable}`,
          [headers.position]: entry.position,
          [headers.parkedAt]: new Date().toISOString(),
        },
      });
    } else {
      const type = eventTypeName(e.event.type);
      const partition = partitionOf(e.orderId, topology.partitions);
      ok = ch.publish(
        topology.eventsExchange,
        topology.routingKey(partition, type),
        Buffer.from(encodeEnvelope(e)),
        {
          persistent: true,
          mandatory: false,
          messageId: e.eventId,
          type,
          contentType: protobufContentType,
          timestamp: Math.floor(e.recordedAt / 1000),
          appId: "orderlens-command-svc",
          headers: {
            [headers.eventType]: type,
            [headers.orderId]: e.orderId,
            [headers.version]: e.version,
            [headers.position]: e.position,
            [headers.correlationId]: e.metadata.correlationId,
          },
        },
      );
    }
    if (!ok) await new Promise<void>((resolve) => ch.once("drain", resolve));
  };

  let lockCheckedAt = 0;
  // A lost lock only risks duplicates (consumers deduplicate), so it is checked once a second,
  // not once per window.
  const stillLeader = async () => {
    if (Date.now() - lockCheckedAt < lockCheckIntervalMs) return true;
    const held = await lock.stillHeld();
    if (held) lockCheckedAt = Date.now();
    return held;
  };

  const relayWindow = async (): Promise<boolean> => {
    const ch = await openChannel();
    const entries = await readOutbox(db, batchSize);
    if (entries.length === 0) return false;
    if (!(await stillLeader())) return false;
    for (const entry of entries) await publish(ch, entry);
    await ch.waitForConfirms();
    const positions = entries.map((e) => e.position);
    await options.afterConfirm?.(positions);
    await deleteFromOutbox(db, positions);
    published.inc(entries.length);
    return entries.length === batchSize;
  };

  const loop = createWorkLoop({
    async step() {
      const gotLock = await lock.acquire();
      if (gotLock !== isLeader) {
        isLeader = gotLock;
        leader.set(gotLock ? 1 : 0);
        log.info(gotLock ? "relay is the active instance" : "relay is standby");
      }
      if (!gotLock) return "idle";
      return (await relayWindow()) ? "more" : "idle";
    },
    // A standby only checks for the lock; the active relay polls for other instances' commits.
    idleMs: () => (isLeader ? pollIntervalMs : Math.max(pollIntervalMs, 1_000)),
    lingerMs,
    maxBackoffMs,
    async onError(error, backoffMs) {
      failures.inc();
      log.warn("relay failed; backing off", { error: (error as Error).message, backoffMs });
      await closeAmqp();
      lockCheckedAt = 0;
      if (!(await lock.stillHeld())) isLeader = false;
    },
  });

  return {
    start: () => loop.start(),
    async stop() {
      await loop.stop();
      await closeAmqp();
      await lock.release();
      isLeader = false;
      leader.set(0);
    },
    wake: () => loop.wake(),
    get isLeader() {
      return isLeader;
    },
  };
}
