import type { Logger } from "@orderlens/server";
import amqp, { type Channel, type ChannelModel, type ConfirmChannel } from "amqplib";

/** What one managed channel needs on every connection: its kind, prefetch and the caller's setup. */
export interface ChannelSpec<C extends Channel = Channel> {
  readonly name: string;
  readonly confirm: boolean;
  readonly prefetch: number | undefined;
  readonly setup: ((channel: C) => Promise<void>) | undefined;
}

/** One live AMQP connection and the managed channels opened on it. */
export interface AmqpSession {
  /** False once the session has ended, for whatever reason. */
  readonly alive: boolean;
  /** Resolves with why the session ended: the connection or one of its managed channels closed. */
  readonly ended: Promise<string>;
  /** The channel of a spec once its setup has run on this session. */
  channelOf<C extends Channel>(spec: ChannelSpec<C>): C | undefined;
  /** Opens a managed channel: prefetch, then the caller's setup. An unplanned close ends the session. */
  open<C extends Channel>(spec: ChannelSpec<C>): Promise<void>;
  /** Closes a managed channel on purpose (the session lives on). */
  forget(spec: ChannelSpec): Promise<void>;
  /** A confirm channel for one operation: its closing, even by an error, ends nothing. */
  openTransient(): Promise<ConfirmChannel>;
  /** Ends the session (`ended` resolves with the reason) and closes the connection, bounded. */
  close(reason?: string): Promise<void>;
}

export interface SessionOptions {
  url: string;
  name: string;
  connectTimeoutMs: number;
  log: Logger;
}

export async function connectSession(options: SessionOptions): Promise<AmqpSession> {
  const model = await amqp.connect(options.url, {
    clientProperties: { connection_name: options.name },
    timeout: options.connectTimeoutMs,
  });
  return createSession(model, options);
}

function createSession(
  model: ChannelModel,
  { log, connectTimeoutMs }: SessionOptions,
): AmqpSession {
  const channels = new Map<ChannelSpec, Channel>();
  const closingOnPurpose = new Set<Channel>();
  let alive = true;
  let resolveEnded: (reason: string) => void = () => {};
  const ended = new Promise<string>((resolve) => {
    resolveEnded = resolve;
  });
  const end = (reason: string) => {
    if (!alive) return;
    alive = false;
    channels.clear();
    resolveEnded(reason);
  };
  watchConnection(model, log, end);

  return {
    get alive() {
      return alive;
    },
    ended,
    channelOf: <C extends Channel>(spec: ChannelSpec<C>) =>
      alive ? (channels.get(spec as ChannelSpec) as C | undefined) : undefined,
    async open<C extends Channel>(spec: ChannelSpec<C>) {
      const channel = (
        spec.confirm ? await model.createConfirmChannel() : await model.createChannel()
      ) as C;
      channel.on("error", (error: Error) =>
        log.warn("amqp channel error", { channel: spec.name, error: error.message }),
      );
      channel.on("close", () => {
        // A closing connection closes its channels first: let its own reason win.
        queueMicrotask(() => {
          if (!closingOnPurpose.has(channel)) end(`channel ${spec.name} closed`);
        });
      });
      if (spec.prefetch !== undefined) await channel.prefetch(spec.prefetch);
      await spec.setup?.(channel);
      if (alive) channels.set(spec as ChannelSpec, channel);
    },
    async forget(spec) {
      const channel = channels.get(spec);
      if (!channel) return;
      channels.delete(spec);
      closingOnPurpose.add(channel);
      await channel.close().catch(() => {});
    },
    async openTransient() {
      const channel = await model.createConfirmChannel();
      channel.on("error", (error: Error) =>
        log.debug("amqp transient channel error", { error: error.message }),
      );
      return channel;
    },
    async close(reason = "closed") {
      end(reason);
      await closeModel(model, connectTimeoutMs);
    },
  };
}

function watchConnection(model: ChannelModel, log: Logger, end: (reason: string) => void): void {
  // Without an 'error' listener, amqplib's error event would crash the process.
  model.on("error", (error: Error) => log.warn("amqp connection error", { error: error.message }));
  model.on("close", (error?: Error) =>
    end(error ? `connection closed: ${error.message}` : "connection closed"),
  );
  model.on("blocked", (reason: string) => log.warn("broker blocked the connection", { reason }));
  model.on("unblocked", () => log.info("broker unblocked the connection"));
}

/**
 * A clean close waits for the broker's close-ok; a connection whose peer is gone without a TCP
 * error would wait until the heartbeat gives up, holding a reconnect or a shutdown. After
 * `withinMs` the socket is destroyed instead.
 */
async function closeModel(model: ChannelModel, withinMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      (model.connection as unknown as { stream?: { destroy(): void } }).stream?.destroy();
      resolve();
    }, withinMs);
  });
  await Promise.race([model.close().catch(() => {}), gaveUp]);
  clearTimeout(timer);
}
