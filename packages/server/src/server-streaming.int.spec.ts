import { request as httpRequest } from "node:http";
import { create, fromBinary, type Message, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import {
  ReportQueryService,
  WatchOrderRequestSchema,
  type WatchOrderResponse,
  WatchOrderResponseSchema,
} from "@orderlens/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { protocols, waitFor } from "./__fixtures__/report-client.js";
import { bigCustomerId, type StreamProbe, streamService } from "./__fixtures__/stream-service.js";
import { connectClient, startOpenServer } from "./__fixtures__/test-service.js";
import { createGrpcJsClient, fieldViolationsOf, type RpcServer } from "./index.js";

type Protocol = (typeof protocols)[number];

/** WatchOrder over `protocol`; `signal` cancels the call. */
function watchOrder(
  protocol: Protocol,
  port: number,
  request: { orderId: string; untilVersion?: bigint },
  signal?: AbortSignal,
): { messages: AsyncIterable<WatchOrderResponse>; close(): void } {
  if (protocol === "grpc") {
    const c = createGrpcJsClient(ReportQueryService, `127.0.0.1:${port}`);
    return { messages: c.watchOrder(request, { signal }), close: () => c.close() };
  }
  const c = connectClient(ReportQueryService, port, protocol);
  return { messages: c.watchOrder(request, { signal }), close: () => {} };
}

/** Every message's version, and the error that ended the stream if one did. */
async function collect(
  messages: AsyncIterable<WatchOrderResponse>,
  onMessage?: () => void,
): Promise<{ versions: bigint[]; error?: ConnectError }> {
  const versions: bigint[] = [];
  try {
    for await (const m of messages) {
      versions.push(m.projectedVersion);
      onMessage?.();
    }
  } catch (err) {
    return { versions, error: ConnectError.from(err) };
  }
  return { versions };
}

/** A raw grpc-js call, to see the response metadata and trailers the adapter sends. */
function rawGrpcWatch(port: number, untilVersion: bigint) {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = client.makeServerStreamRequest(
    `/${ReportQueryService.typeName}/WatchOrder`,
    (m: Message) => Buffer.from(toBinary(WatchOrderRequestSchema, m as never)),
    (b: Buffer) => fromBinary(WatchOrderResponseSchema, b),
    create(WatchOrderRequestSchema, { orderId: "count", untilVersion }),
  );
  const seen: string[] = [];
  call.on("metadata", (md: grpc.Metadata) => seen.push(`header ${md.get("x-watch")[0]}`));
  call.on("data", (m: WatchOrderResponse) => seen.push(`message ${m.projectedVersion}`));
  return new Promise<string[]>((resolve) => {
    call.on("status", (s: grpc.StatusObject) => {
      seen.push(`status ${s.code} ${s.metadata.get("x-watched")[0]}`);
      client.close();
      resolve(seen);
    });
  });
}

/**
 * WatchOrder("big") over HTTP/1.1 by hand (Connect or gRPC-Web streaming): stops reading after
 * the first bytes for 300 ms, calls `paused` at the end of that time, then reads the rest.
 * Resolves with the bytes received.
 */
function pausedHttp1Watch(
  protocol: "connect" | "grpc-web",
  port: number,
  untilVersion: bigint,
  paused: () => void,
): Promise<number> {
  const message = toBinary(
    WatchOrderRequestSchema,
    create(WatchOrderRequestSchema, { orderId: "big", untilVersion }),
  );
  const envelope = Buffer.alloc(5 + message.length);
  envelope.writeUInt32BE(message.length, 1);
  envelope.set(message, 5);
  const contentType =
    protocol === "connect" ? "application/connect+proto" : "application/grpc-web+proto";
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: `/${ReportQueryService.typeName}/WatchOrder`,
        headers: { "content-type": contentType, "connect-protocol-version": "1" },
      },
      (res) => {
        let bytes = 0;
        res.once("data", () => {
          res.pause();
          setTimeout(() => {
            paused();
            res.resume();
          }, 300);
        });
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on("end", () => resolve(bytes));
      },
    );
    req.on("error", reject);
    req.end(envelope);
  });
}

describe("server streaming", () => {
  let server: RpcServer;
  let port: number;
  const probe: StreamProbe = { produced: 0, aborted: 0 };

  beforeAll(async () => {
    ({ server, port } = await startOpenServer("streaming", [streamService(probe)]));
  });
  afterAll(() => server.close({ graceMs: 1000 }));

  it.each(protocols)("streams every message in order, then ends, over %s", async (protocol) => {
    const watch = watchOrder(protocol, port, { orderId: "count", untilVersion: 5n });
    expect(await collect(watch.messages)).toEqual({ versions: [1n, 2n, 3n, 4n, 5n] });
    watch.close();
  });

  it("sends the response headers before the first message and the trailers with the status over grpc", async () => {
    expect(await rawGrpcWatch(port, 2n)).toEqual([
      "header started",
      "message 1",
      "message 2",
      `status ${grpc.status.OK} 2`,
    ]);
  });

  it.each(protocols)(
    "delivers the messages before a failure, then its code and field violations, over %s",
    async (protocol) => {
      const watch = watchOrder(protocol, port, { orderId: "fail", untilVersion: 2n });
      const { versions, error } = await collect(watch.messages);
      expect(versions).toEqual([1n, 2n]);
      expect(error?.code).toBe(Code.InvalidArgument);
      expect(error?.rawMessage).toBe("stream failed");
      expect(fieldViolationsOf(error)).toEqual([{ field: "order_id", description: "went away" }]);
      watch.close();
    },
  );

  it.each(protocols)(
    "a client that cancels the stream aborts the handler over %s",
    async (protocol) => {
      const before = probe.aborted;
      const cancel = new AbortController();
      const watch = watchOrder(protocol, port, { orderId: "forever" }, cancel.signal);
      const outcome = collect(watch.messages, () => cancel.abort());
      await waitFor(() => probe.aborted === before + 1);
      const { versions, error } = await outcome;
      expect(versions).toEqual([1n]);
      expect(error?.code).toBe(Code.Canceled);
      watch.close();
    },
  );

  it("holds the handler back while the client does not read, over grpc", async () => {
    const total = 400;
    const watch = watchOrder("grpc", port, { orderId: "big", untilVersion: BigInt(total) });
    const reader = watch.messages[Symbol.asyncIterator]();
    const start = probe.produced;
    expect((await reader.next()).value?.order?.customerId).toBe(bigCustomerId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const producedWhilePaused = probe.produced - start;
    let received = 1;
    while (!(await reader.next()).done) received++;
    expect(received).toBe(total);
    expect(producedWhilePaused).toBeLessThan(total / 2);
    watch.close();
  });

  // By hand: the connect-node client reads ahead of its caller, so only a raw client shows what
  // the server itself buffers.
  it.each(["connect", "grpc-web"] as const)(
    "holds the handler back while the client does not read, over %s",
    async (protocol) => {
      const total = 400;
      const start = probe.produced;
      let producedWhilePaused = 0;
      const bytes = await pausedHttp1Watch(protocol, port, BigInt(total), () => {
        producedWhilePaused = probe.produced - start;
      });
      expect(bytes).toBeGreaterThan(total * bigCustomerId.length);
      expect(probe.produced - start).toBe(total);
      expect(producedWhilePaused).toBeLessThan(total / 2);
    },
  );
});

describe("server streaming at shutdown", () => {
  it.each(protocols)(
    "close() ends a stream that outlives the grace period and aborts its handler, over %s",
    async (protocol) => {
      const probe: StreamProbe = { produced: 0, aborted: 0 };
      const { server, port } = await startOpenServer("streaming-shutdown", [streamService(probe)]);
      const watch = watchOrder(protocol, port, { orderId: "forever" });
      const outcome = collect(watch.messages);
      await waitFor(() => probe.produced === 1);
      const t0 = performance.now();
      await server.close({ graceMs: 300 });
      expect(performance.now() - t0).toBeLessThan(3000);
      const { versions, error } = await outcome;
      expect(versions).toEqual([1n]);
      expect(error).toBeInstanceOf(ConnectError);
      expect(probe.aborted).toBe(1);
      watch.close();
    },
  );
});
