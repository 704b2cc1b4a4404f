import { createAmqpConnection, declareTopology, type Topology } from "@orderlens/bus";
import { type Db, deleteFromOutbox, readOutbox } from "@orderlens/event-store";
import { createWorkLoop, type Logger } from "@orderlens/server";
import type { ConfirmChannel } from "amqplib";
import type { Registry } from "prom-client";
import { publishWindow } from "./publish-window.js";
import { createRelayLeadership, type RelayLeadership } from "./relay-leadership.js";
import { createRelayMetrics, type RelayMetrics } from "./relay-metrics.js";

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

interface WindowContext {
  db: Db;
  topology: Topology;
  batchSize: number;
  leadership: RelayLeadership;
  metrics: RelayMetrics;
  log: Logger;
  afterConfirm: OutboxRelayOptions["afterConfirm"];
}

/**
 * Relays one window: the oldest rows, published and confirmed, then deleted. A crash between
 * confirm and delete publishes the window again (at least once, never lost). True when the
 * window was full, so more rows are probably waiting.
 */
async function relayWindow(channel: ConfirmChannel, ctx: WindowContext): Promise<boolean> {
  const entries = await readOutbox(ctx.db, ctx.batchSize);
  if (entries.length === 0) return false;
  if (!(await ctx.leadership.stillLeader())) return false;
  await publishWindow(channel, ctx.topology, entries, ctx.log);
  const positions = entries.map((e) => e.position);
  await ctx.afterConfirm?.(positions);
  await deleteFromOutbox(ctx.db, positions);
  ctx.metrics.published.inc(entries.length);
  return entries.length === ctx.batchSize;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { topology, pollIntervalMs = 250, maxBackoffMs = 5_000 } = options;
  const log = options.logger.child({ component: "outbox-relay" });
  const metrics = createRelayMetrics(options.registry);
  const leadership = createRelayLeadership({
    mysqlUrl: options.mysqlUrl,
    lockName: options.lockName ?? `${topology.prefix}.outbox-relay`,
    checkIntervalMs: options.lockCheckIntervalMs ?? 1_000,
    log,
    gauge: metrics.leader,
  });
  const broker = createAmqpConnection({
    url: options.amqpUrl,
    name: options.connectionName ?? `command-svc relay ${process.pid}`,
    logger: options.logger,
    maxBackoffMs,
  });
  const publisher = broker.confirmChannel({
    name: "relay publisher",
    setup: (channel) => declareTopology(channel, topology),
  });
  const ctx: WindowContext = {
    db: options.db,
    topology,
    batchSize: options.batchSize ?? 500,
    leadership,
    metrics,
    log,
    afterConfirm: options.afterConfirm,
  };
  const stopping = new AbortController();

  const loop = createWorkLoop({
    async step() {
      if (!(await leadership.acquire())) return "idle";
      // Standbys hold no broker connection: waiting for the channel opens it on taking over.
      // The wait is bounded so that a broker that stays away counts as failures, with backoff.
      const channel = await publisher.ready({ timeoutMs: maxBackoffMs, signal: stopping.signal });
      return (await relayWindow(channel, ctx)) ? "more" : "idle";
    },
    // A standby only checks for the lock; the active relay polls for other instances' commits.
    idleMs: () => (leadership.isLeader ? pollIntervalMs : Math.max(pollIntervalMs, 1_000)),
    lingerMs: options.lingerMs ?? 5,
    maxBackoffMs,
    async onError(error, backoffMs) {
      if (stopping.signal.aborted) return;
      metrics.failures.inc();
      log.warn("relay failed; backing off", { error: (error as Error).message, backoffMs });
      await leadership.recheck();
    },
  });

  return {
    start: () => loop.start(),
    async stop() {
      stopping.abort(new Error("relay stopping"));
      await loop.stop();
      await broker.close();
      await leadership.release();
    },
    wake: () => loop.wake(),
    get isLeader() {
      return leadership.isLeader;
    },
  };
}
