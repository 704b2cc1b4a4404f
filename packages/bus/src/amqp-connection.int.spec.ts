import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  brokerConnectionPids,
  closeBrokerConnection,
  createAmqpScope,
  eventually,
  getFreePort,
} from "@orderlens/testing";
import type { Channel, ConsumeMessage } from "amqplib";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type TestConnection,
  testConnection,
  waitForState,
} from "./__fixtures__/amqp-connection-fixtures.js";
import type { AmqpConnection } from "./amqp-connection.js";
import { AmqpUnavailableError } from "./amqp-unavailable-error.js";

const run = promisify(execFile);
const scope = createAmqpScope("amqp connection");
const open: AmqpConnection[] = [];

function connect(label: string, options?: Parameters<typeof testConnection>[2]): TestConnection {
  const t = testConnection(scope, label, { minBackoffMs: 50, ...options });
  open.push(t.connection);
  return t;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
afterAll(() => scope.cleanup());

/** Prefetch of each consumer on a queue, as the broker reports it. */
async function consumerPrefetch(queue: string): Promise<number[]> {
  const { stdout } = await run("rabbitmqctl", [
    "list_consumers",
    "queue_name",
    "prefetch_count",
    "-q",
    "--formatter",
    "json",
  ]);
  const rows = JSON.parse(stdout) as { queue_name: string; prefetch_count: number }[];
  return rows.filter((r) => r.queue_name === queue).map((r) => r.prefetch_count);
}

/**
 * What a change feed needs: a publisher declaring a fanout exchange, and a reader with an
 * exclusive queue of its own (gone with its connection, so declared again on each reconnect).
 */
function noticeFeed(t: TestConnection, label: string) {
  const exchange = scope.track(`${scope.prefix}${label}.notices`);
  const queue = scope.track(`${scope.prefix}${label}.feed`);
  const setups: string[] = [];
  const received: string[] = [];
  const publisher = t.connection.confirmChannel({
    name: "publisher",
    setup: async (ch) => {
      setups.push("publisher");
      await ch.assertExchange(exchange, "fanout", { durable: false, autoDelete: true });
    },
  });
  const reader = t.connection.channel({
    name: "reader",
    prefetch: 7,
    setup: async (ch: Channel) => {
      setups.push("reader");
      await ch.assertQueue(queue, { exclusive: true, autoDelete: true, durable: false });
      await ch.bindQueue(queue, exchange, "");
      await ch.consume(queue, (msg: ConsumeMessage | null) => {
        if (!msg) return;
        received.push(msg.content.toString());
        ch.ack(msg);
      });
    },
  });
  const notify = async (text: string) => {
    const ch = await publisher.ready({ timeoutMs: 10_000 });
    ch.publish(exchange, "", Buffer.from(text));
    await ch.waitForConfirms();
  };
  return { exchange, queue, setups, received, publisher, reader, notify };
}

describe("createAmqpConnection", () => {
  it("reconnects after the broker closes the connection, re-running every setup in order with its prefetch", async () => {
    const t = connect("reconnect");
    const feed = noticeFeed(t, "reconnect");
    t.connection.start();
    await t.connection.ready({ timeoutMs: 10_000 });
    expect(t.connection.state).toBe("connected");
    expect(feed.setups).toEqual(["publisher", "reader"]);
    expect(await consumerPrefetch(feed.queue)).toEqual([7]);
    await feed.notify("before");
    await eventually(() => expect(feed.received).toEqual(["before"]));

    await closeBrokerConnection(t.name);
    await waitForState(t.connection, "connected");
    await eventually(() => expect(t.events).toHaveLength(3));
    expect(t.events[0]).toBe("connected");
    expect(t.events[1]).toMatch(/^lost: connection closed: .*CONNECTION_FORCED/);
    expect(t.events[2]).toBe("reconnected");
    expect(feed.setups).toEqual(["publisher", "reader", "publisher", "reader"]);
    expect(await consumerPrefetch(feed.queue)).toEqual([7]);
    await feed.notify("after");
    await eventually(() => expect(feed.received).toEqual(["before", "after"]));
    expect(await brokerConnectionPids(t.name)).toHaveLength(1);

    const messages = t.lines.map((l) => `${l.level} ${l.msg}`);
    expect(messages).toContain("info amqp connected");
    expect(messages).toContain("warn amqp connection lost; reconnecting");
    expect(messages).toContain("info amqp reconnected");
    expect(t.lines.every((l) => l.connection === t.name && l.component === "amqp")).toBe(true);
  });

  it("recovers a confirm channel the broker closed, and publishing with confirms works again", async () => {
    const t = connect("channel");
    const feed = noticeFeed(t, "channel");
    await t.connection.ready({ timeoutMs: 10_000 });
    const broken = await feed.publisher.ready();
    // Publishing to an exchange that does not exist makes the broker close the channel (404).
    broken.publish(`${scope.prefix}no-such-exchange`, "", Buffer.from("lost"));
    await expect(broken.waitForConfirms()).rejects.toThrow();
    await eventually(() => expect(t.events).toEqual(expect.arrayContaining(["reconnected"])));
    expect(t.events[1]).toBe("lost: channel publisher closed");
    expect(feed.setups).toEqual(["publisher", "reader", "publisher", "reader"]);
    expect(feed.publisher.current).not.toBe(broken);
    await feed.notify("again");
    await eventually(() => expect(feed.received).toEqual(["again"]));
  });

  it("opens a channel asked for while connected at once, and stops recovering it once closed", async () => {
    const t = connect("late");
    await t.connection.ready({ timeoutMs: 10_000 });
    let setups = 0;
    const late = t.connection.channel({
      name: "late",
      setup: async () => {
        setups++;
      },
    });
    const ch = await late.ready({ timeoutMs: 5_000 });
    expect(setups).toBe(1);
    expect(late.current).toBe(ch);
    await late.close();
    expect(late.current).toBeUndefined();
    expect(t.connection.state).toBe("connected");
    expect(t.events).toEqual(["connected"]);
    await closeBrokerConnection(t.name);
    await eventually(() => expect(t.events).toContain("reconnected"));
    expect(setups).toBe(1);
  });

  it("withChannel: an operation's channel error ends only that operation", async () => {
    const t = connect("transient");
    const missing = `${scope.prefix}missing-queue`;
    await expect(t.connection.withChannel((ch) => ch.checkQueue(missing))).rejects.toThrow(/404/);
    expect(t.connection.state).toBe("connected");
    const queue = scope.track(`${scope.prefix}transient`);
    const ok = await t.connection.withChannel(async (ch) => {
      await ch.assertQueue(queue, { durable: false });
      return (await ch.checkQueue(queue)).messageCount;
    });
    expect(ok).toBe(0);
    expect(t.events).toEqual(["connected"]);
  });

  it("reports an unreachable broker as unavailable and keeps retrying with growing backoff", async () => {
    const port = await getFreePort();
    const t = connect("unreachable", {
      url: `amqp://guest:guest@127.0.0.1:${port}`,
      minBackoffMs: 40,
      maxBackoffMs: 400,
    });
    const waiting = t.connection.withChannel(async () => "never", { timeoutMs: 300 });
    await expect(waiting).rejects.toBeInstanceOf(AmqpUnavailableError);
    await expect(t.connection.ready({ timeoutMs: 50 })).rejects.toThrow(
      /is connecting after 50 ms/,
    );
    await eventually(() =>
      expect(
        t.lines.filter((l) => l.msg === "amqp connect failed; retrying").length,
      ).toBeGreaterThan(3),
    );
    const steps = t.lines
      .filter((l) => l.msg === "amqp connect failed; retrying")
      .map((l) => Number(l.backoffMs));
    expect(steps.every((ms) => ms >= 20 && ms <= 400)).toBe(true);
    expect(Math.max(...steps)).toBeGreaterThan(Math.min(...steps));
    expect(t.events).toEqual([]);
  });
});
