import { EventEmitter } from "node:events";
import type { Logger } from "@orderlens/server";
import type { Channel, ConfirmChannel } from "amqplib";
import type {
  AmqpConnection,
  AmqpConnectionEvents,
  AmqpConnectionOptions,
  AmqpConnectionState,
  ChannelOptions,
  ManagedChannel,
} from "./amqp-connection.js";
import { type AmqpSession, type ChannelSpec, connectSession } from "./amqp-session.js";
import { AmqpUnavailableError } from "./amqp-unavailable-error.js";
import { createReadinessWaiters, type WaitOptions } from "./readiness-waiters.js";
import { reconnectDelayMs } from "./reconnect-delay.js";

const defaultWithChannelWaitMs = 5_000;

interface SessionOutcome {
  /** The session had been fully set up before it ended (the backoff starts over). */
  wasConnected: boolean;
  reason: string;
}

/** The implementation behind createAmqpConnection (see there for the contract). */
export class ReconnectingConnection implements AmqpConnection {
  readonly name: string;
  #state: AmqpConnectionState = "idle";
  #session: AmqpSession | undefined;
  readonly #specs: ChannelSpec[] = [];
  readonly #waiters = createReadinessWaiters();
  readonly #events = new EventEmitter();
  readonly #url: string;
  readonly #backoff: { minMs: number; maxMs: number };
  readonly #connectTimeoutMs: number;
  readonly #log: Logger;
  #loop: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #cancelBackoff: (() => void) | undefined;
  #everConnected = false;

  constructor(options: AmqpConnectionOptions) {
    this.name = options.name;
    this.#url = options.url;
    this.#backoff = { minMs: options.minBackoffMs ?? 100, maxMs: options.maxBackoffMs ?? 5_000 };
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#log = options.logger.child({ component: "amqp", connection: options.name });
  }

  get state(): AmqpConnectionState {
    return this.#state;
  }

  start(): void {
    if (this.#loop || this.#closing) return;
    this.#state = "connecting";
    this.#loop = this.#run();
  }

  channel(options: ChannelOptions<Channel>): ManagedChannel<Channel> {
    return this.#manage({ ...specOf(options), confirm: false });
  }

  confirmChannel(options: ChannelOptions<ConfirmChannel>): ManagedChannel<ConfirmChannel> {
    return this.#manage({ ...specOf(options), confirm: true });
  }

  async ready(options: WaitOptions = {}): Promise<void> {
    await this.#wait(() => (this.#state === "connected" ? true : undefined), options);
  }

  async withChannel<T>(
    use: (channel: ConfirmChannel) => Promise<T>,
    options: WaitOptions = {},
  ): Promise<T> {
    const session = await this.#wait(
      () => (this.#state === "connected" && this.#session?.alive ? this.#session : undefined),
      { timeoutMs: defaultWithChannelWaitMs, ...options },
    );
    const channel = await session.openTransient();
    try {
      return await use(channel);
    } finally {
      await channel.close().catch(() => {});
    }
  }

  on<E extends keyof AmqpConnectionEvents>(
    event: E,
    listener: (...args: AmqpConnectionEvents[E]) => void,
  ): () => void {
    const l = listener as (...args: unknown[]) => void;
    this.#events.on(event, l);
    return () => this.#events.off(event, l);
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    this.#cancelBackoff?.();
    await this.#session?.close();
    await this.#loop;
    const wasStarted = this.#loop !== undefined;
    this.#state = "closed";
    this.#waiters.failAll(new AmqpUnavailableError(`amqp connection ${this.name} is closed`));
    if (wasStarted) this.#log.info("amqp connection closed");
    this.#emit("closed");
  }

  async #run(): Promise<void> {
    let attempt = 0;
    while (!this.#closing) {
      const outcome = await this.#runSession();
      if (this.#closing) break;
      if (outcome.wasConnected) attempt = 0;
      const backoffMs = reconnectDelayMs(attempt++, this.#backoff);
      const message = outcome.wasConnected
        ? "amqp connection lost; reconnecting"
        : "amqp connect failed; retrying";
      this.#log.warn(message, { reason: outcome.reason, backoffMs, attempt });
      await this.#sleep(backoffMs);
    }
  }

  async #runSession(): Promise<SessionOutcome> {
    let session: AmqpSession | undefined;
    try {
      session = await connectSession({
        url: this.#url,
        name: this.name,
        connectTimeoutMs: this.#connectTimeoutMs,
        log: this.#log,
      });
      this.#session = session;
      await this.#setUp(session);
      this.#markConnected();
      const reason = await session.ended;
      if (!this.#closing) this.#markLost(reason);
      return { wasConnected: true, reason };
    } catch (error) {
      return { wasConnected: false, reason: (error as Error).message };
    } finally {
      if (this.#session === session) this.#session = undefined;
      await session?.close();
    }
  }

  /** Opens every managed channel in order, including any asked for while this runs. */
  async #setUp(session: AmqpSession): Promise<void> {
    const done = new Set<ChannelSpec>();
    for (;;) {
      if (this.#closing) throw new Error("closing");
      if (!session.alive) throw new Error(await session.ended);
      const next = this.#specs.find((spec) => !done.has(spec));
      if (!next) return;
      done.add(next);
      await session.open(next);
      if (!this.#specs.includes(next)) await session.forget(next); // closed while it opened
      this.#waiters.notify();
    }
  }

  /** A channel asked for while connected is opened on the live connection right away. */
  async #openLate(spec: ChannelSpec): Promise<void> {
    const session = this.#session;
    if (!session?.alive) return; // the next connection opens it with the others
    try {
      await session.open(spec);
      if (!this.#specs.includes(spec)) await session.forget(spec);
      this.#waiters.notify();
    } catch (error) {
      await session.close(`channel ${spec.name} could not be set up: ${(error as Error).message}`);
    }
  }

  #manage<C extends Channel>(spec: ChannelSpec<C>): ManagedChannel<C> {
    const untyped = spec as ChannelSpec;
    this.#specs.push(untyped);
    if (this.#state === "connected") void this.#openLate(untyped);
    const connection = this;
    return {
      get current() {
        return connection.#session?.channelOf(spec);
      },
      ready: (options = {}) => this.#wait(() => this.#session?.channelOf(spec), options),
      close: async () => {
        const at = this.#specs.indexOf(untyped);
        if (at >= 0) this.#specs.splice(at, 1);
        await this.#session?.forget(untyped);
      },
    };
  }

  #wait<T>(get: () => T | undefined, options: WaitOptions): Promise<T> {
    if (this.#closing) {
      return Promise.reject(new AmqpUnavailableError(`amqp connection ${this.name} is closed`));
    }
    this.start();
    return this.#waiters.wait(get, options, () => {
      const reason = `amqp connection ${this.name} is ${this.#state} after ${options.timeoutMs} ms`;
      return new AmqpUnavailableError(reason);
    });
  }

  #markConnected(): void {
    this.#state = "connected";
    const first = !this.#everConnected;
    this.#everConnected = true;
    this.#log.info(first ? "amqp connected" : "amqp reconnected");
    this.#waiters.notify();
    this.#emit(first ? "connected" : "reconnected");
  }

  #markLost(reason: string): void {
    this.#state = "reconnecting";
    this.#emit("lost", reason);
  }

  #emit<E extends keyof AmqpConnectionEvents>(event: E, ...args: AmqpConnectionEvents[E]): void {
    for (const listener of this.#events.listeners(event)) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (error) {
        this.#log.error("amqp event listener failed", { event, error: (error as Error).message });
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#cancelBackoff = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#cancelBackoff = wake;
    });
  }
}

function specOf<C extends Channel>(options: ChannelOptions<C>): Omit<ChannelSpec<C>, "confirm"> {
  return { name: options.name, prefetch: options.prefetch, setup: options.setup };
}
