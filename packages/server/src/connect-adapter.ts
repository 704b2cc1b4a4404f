// Serves RpcMethods with @connectrpc/connect-node for Connect and gRPC-Web over HTTP/1.1
// (browsers, curl). gRPC itself goes to grpc-js (see grpc-js-adapter.ts), so the gRPC protocol
// is disabled here: HTTP/1.1 cannot carry it anyway.

import type { IncomingMessage, ServerResponse } from "node:http";
import type {
  DescMethodBiDiStreaming,
  DescMethodClientStreaming,
  DescMethodServerStreaming,
  DescMethodUnary,
  Message,
} from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  createContextValues,
  type HandlerContext,
} from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { peerKey, type RpcCall, type RpcProtocol } from "./interceptors.js";
import type { RpcMethod } from "./rpc-method.js";
import { createWakeup } from "./wakeup.js";

export interface ConnectAdapterOptions {
  readMaxBytes: number;
  /** Aborts every in-flight handler's signal (forced shutdown). */
  shutdownSignal: AbortSignal;
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createConnectHandler(
  methods: readonly RpcMethod[],
  options: ConnectAdapterOptions,
): NodeHandler {
  return connectNodeAdapter({
    routes: (router) => {
      for (const m of methods) route(router, m);
    },
    grpc: false,
    readMaxBytes: options.readMaxBytes,
    shutdownSignal: options.shutdownSignal,
    contextValues: (req) => {
      const values = createContextValues();
      values.set(peerKey, formatPeer(req.socket.remoteAddress, req.socket.remotePort));
      return values;
    },
  });
}

function route(router: ConnectRouter, m: RpcMethod): void {
  const method = m.method;
  // DescMethod is not a discriminated union type, hence the casts after checking methodKind.
  switch (method.methodKind) {
    case "unary":
      router.rpc(
        method as DescMethodUnary,
        async (request, ctx) => (await m.invoke(request, toCall(m, ctx, noSend))) as Message,
      );
      return;
    case "client_streaming":
      router.rpc(
        method as DescMethodClientStreaming,
        async (requests, ctx) => (await m.invoke(requests, toCall(m, ctx, noSend))) as Message,
      );
      return;
    case "server_streaming":
      router.rpc(method as DescMethodServerStreaming, (request, ctx) =>
        pushToPull((send) => m.invoke(request, toCall(m, ctx, send))),
      );
      return;
    case "bidi_streaming":
      router.rpc(method as DescMethodBiDiStreaming, (requests, ctx) =>
        pushToPull((send) => m.invoke(requests, toCall(m, ctx, send))),
      );
      return;
  }
}

const noSend: RpcCall["send"] = () =>
  Promise.reject(new ConnectError("send() is only for streaming responses", Code.Internal));

function toCall(m: RpcMethod, ctx: HandlerContext, send: RpcCall["send"]): RpcCall {
  return {
    service: m.service,
    method: m.method,
    protocol: toProtocol(ctx.protocolName),
    requestHeader: ctx.requestHeader,
    peer: ctx.values.get(peerKey),
    signal: ctx.signal,
    values: ctx.values,
    handlerContext: ctx,
    send,
  };
}

function toProtocol(name: string): RpcProtocol {
  return name === "grpc-web" ? "grpc-web" : name === "grpc" ? "grpc" : "connect";
}

function formatPeer(address: string | undefined, port: number | undefined): string {
  if (address === undefined) return "";
  const host = address.startsWith("::ffff:") ? address.slice(7) : address;
  return port === undefined ? host : `${host}:${port}`;
}

/**
 * The chain runs a streaming call as one promise that pushes messages through `send`;
 * connect-node pulls from an AsyncIterable. This bridges the two, one message at a time, so
 * `send` resolves only when the transport took the message (backpressure).
 */
function pushToPull(
  run: (send: (message: Message) => Promise<void>) => Promise<unknown>,
): AsyncIterable<Message> {
  return {
    async *[Symbol.asyncIterator]() {
      let pending: { message: Message; taken: () => void } | undefined;
      let finished = false;
      let failed = false;
      let failure: unknown;
      let closed = false;
      const { wait, wake } = createWakeup();
      const send = (message: Message) =>
        closed
          ? Promise.reject(new ConnectError("stream closed", Code.Canceled))
          : new Promise<void>((resolve) => {
              pending = { message, taken: resolve };
              wake();
            });
      run(send).then(
        () => {
          finished = true;
          wake();
        },
        (err: unknown) => {
          failed = true;
          failure = err;
          finished = true;
          wake();
        },
      );
      try {
        for (;;) {
          if (pending !== undefined) {
            const p = pending;
            pending = undefined;
            yield p.message;
            p.taken();
            continue;
          }
          if (finished) {
            if (failed) throw failure;
            return;
          }
          await wait();
        }
      } finally {
        // The consumer went away (client disconnect): release a producer blocked in send().
        closed = true;
        pending?.taken();
      }
    },
  };
}
