import type { Logger } from "@orderlens/server";
import type { Channel, ConfirmChannel } from "amqplib";
import type { WaitOptions } from "./readiness-waiters.js";
import { ReconnectingConnection } from "./reconnecting-connection.js";

export type { WaitOptions } from "./readiness-waiters.js";

export interface AmqpConnectionOptions {
  url: string;
  /** Shown by the broker (`rabbitmqctl list_connections client_properties`) and in every log line. */
  name: string;
  logger: Logger;
  /** First reconnect step; it doubles up to maxBackoffMs, with jitter (see reconnectDelayMs). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Bounds a TCP connect, an AMQP handshake and a close that hang. */
  connectTimeoutMs?: number;
}

/**
 * idle: not started. connecting: the first connection is being made. connected: the connection
 * and every managed channel are set up. reconnecting: they were, and are being rebuilt.
 */
export type AmqpConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "closed";

export interface AmqpConnectionEvents {
  /** The first time everything is set up. */
  connected: [];
  /** Was connected and no longer is: messages may have been missed (resync what depends on them). */
  lost: [reason: string];
  /** Set up again after a loss, every setup re-run. */
  reconnected: [];
  closed: [];
}

export interface ChannelOptions<C extends Channel> {
  /** Name in logs ("publisher", "partition 3"). */
  name: string;
  /** Applied to every fresh channel before its setup. */
  prefetch?: number;
  /**
   * Runs on every fresh channel, at each (re)connect and in the order the channels were asked
   * for: declare topology, bind, start consumers. A failure rebuilds the connection.
   */
  setup?: (channel: C) => Promise<void>;
}

/** A channel that survives reconnects: a fresh one is opened and set up on each connection. */
export interface ManagedChannel<C extends Channel> {
  /** The live channel once its setup has run; undefined while (re)connecting. */
  readonly current: C | undefined;
  /** Waits for `current`, starting the connection if needed; AmqpUnavailableError on timeout. */
  ready(options?: WaitOptions): Promise<C>;
  /** Closes it and stops recovering it; the connection stays. */
  close(): Promise<void>;
}

export interface AmqpConnection {
  readonly name: string;
  readonly state: AmqpConnectionState;
  /** Starts connecting (idempotent); waiting for a channel starts it too. */
  start(): void;
  channel(options: ChannelOptions<Channel>): ManagedChannel<Channel>;
  confirmChannel(options: ChannelOptions<ConfirmChannel>): ManagedChannel<ConfirmChannel>;
  /** Waits until connected (see state). */
  ready(options?: WaitOptions): Promise<void>;
  /**
   * Runs `use` on a confirm channel of its own, closed afterwards (unsettled deliveries go back to
   * their queue). Its errors, such as a 404 from checkQueue, close only that channel.
   * Waits up to 5 s for the connection by default.
   */
  withChannel<T>(use: (channel: ConfirmChannel) => Promise<T>, options?: WaitOptions): Promise<T>;
  on<E extends keyof AmqpConnectionEvents>(
    event: E,
    listener: (...args: AmqpConnectionEvents[E]) => void,
  ): () => void;
  /** Idempotent. Stops reconnecting, cancels a backoff, closes the connection; no timer remains. */
  close(): Promise<void>;
}

/**
 * The one owner of an AMQP connection: connects, reconnects with capped, jittered exponential
 * backoff, reopens every managed channel and re-runs its setup, reports its state, closes cleanly.
 * An unplanned close of a managed channel rebuilds the whole connection: one recovery path, and
 * setups always run in order on a fresh connection (topology before the consumers that need it).
 *
 * A reader of a fanout feed, for example, declares its exclusive queue and consumer in a channel
 * setup (the queue dies with each connection and is declared again on the next) and resyncs on
 * `lost`/`reconnected`, since notices published meanwhile never reached it:
 *
 *   const feed = connection.channel({ name: "feed", prefetch: 100, setup: async (ch) => {
 *     await ch.assertQueue("", { exclusive: true, autoDelete: true }) ... ch.consume(...) } });
 *   connection.on("reconnected", () => watchers.resync());
 */
export function createAmqpConnection(options: AmqpConnectionOptions): AmqpConnection {
  return new ReconnectingConnection(options);
}
