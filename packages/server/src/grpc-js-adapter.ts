// Serves RpcMethods on a @grpc/grpc-js Server. grpc-js costs ~0.08 ms of CPU per call here versus
// ~0.5 ms for connect-node on node:http2 (see ARCHITECTURE.md), so gRPC traffic goes through it,
// with protobuf-es doing the (de)serialization: no second code generator.
//
// This file registers the methods and picks the path per method kind; the call context is in
// grpc-js-call.ts, metadata in grpc-js-metadata.ts, status in grpc-js-status.ts and streamed
// responses in grpc-js-streaming.ts.
import type { DescMethod, Message } from "@bufbuild/protobuf";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type * as grpc from "@grpc/grpc-js";
import { type CallSetting, type StartedCall, startCall } from "./grpc-js-call.js";
import { headersToMetadata } from "./grpc-js-metadata.js";
import { toServiceError } from "./grpc-js-status.js";
import { type ResponseStream, runStream, streamSender } from "./grpc-js-streaming.js";
import type { RpcCall } from "./interceptors.js";
import type { Logger } from "./logger.js";
import type { RpcMethod } from "./rpc-method.js";

export interface GrpcJsAdapterOptions {
  logger: Logger;
  /** Aborts every in-flight handler's signal (forced shutdown). */
  shutdownSignal: AbortSignal;
}

/** Registers every method on `server` under `/${service.typeName}/${method.name}`. */
export function registerOnGrpcJs(
  server: grpc.Server,
  methods: readonly RpcMethod[],
  options: GrpcJsAdapterOptions,
): void {
  for (const m of methods) {
    const path = `/${m.service.typeName}/${m.method.name}`;
    const serialize = (value: Message) => {
      const bytes = toBinary(m.method.output, value);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    };
    const deserialize = (bytes: Buffer): Message => fromBinary(m.method.input, bytes);
    const ok = server.register(
      path,
      createHandler(m, path, options),
      serialize,
      deserialize,
      grpcType(m.method),
    );
    if (!ok) throw new Error(`duplicate gRPC method ${path}`);
  }
}

function grpcType(method: DescMethod): "unary" | "clientStream" | "serverStream" | "bidi" {
  switch (method.methodKind) {
    case "unary":
      return "unary";
    case "client_streaming":
      return "clientStream";
    case "server_streaming":
      return "serverStream";
    case "bidi_streaming":
      return "bidi";
  }
}

function createHandler(
  m: RpcMethod,
  path: string,
  options: GrpcJsAdapterOptions,
):
  | grpc.handleUnaryCall<Message, Message>
  | grpc.handleClientStreamingCall<Message, Message>
  | grpc.handleServerStreamingCall<Message, Message>
  | grpc.handleBidiStreamingCall<Message, Message> {
  const { logger, shutdownSignal } = options;
  const single: CallSetting = { m, path, shutdownSignal, makeSend: rejectSend };
  const streamed = (stream: ResponseStream): CallSetting => ({
    m,
    path,
    shutdownSignal,
    makeSend: (call) => streamSender(stream, call),
  });
  switch (m.method.methodKind) {
    case "unary":
      return (
        call: grpc.ServerUnaryCall<Message, Message>,
        callback: grpc.sendUnaryData<Message>,
      ) => {
        const started = startCall(call, single);
        respondOnce(m.invoke(call.request, started.call), started, callback, logger);
      };
    case "client_streaming":
      return (
        call: grpc.ServerReadableStream<Message, Message>,
        callback: grpc.sendUnaryData<Message>,
      ) => {
        const started = startCall(call, single);
        // destroyOnReturn: false, or finishing the loop would destroy the call under us.
        const requests = call.iterator({ destroyOnReturn: false });
        respondOnce(m.invoke(requests, started.call), started, callback, logger);
      };
    case "server_streaming":
      return (call: grpc.ServerWritableStream<Message, Message>) => {
        const started = startCall(call, streamed(call));
        runStream(m, call, call.request, started, logger);
      };
    case "bidi_streaming":
      return (call: grpc.ServerDuplexStream<Message, Message>) => {
        const started = startCall(call, streamed(call));
        runStream(m, call, call.iterator({ destroyOnReturn: false }), started, logger);
      };
  }
}

/** Completes a call with a single response (unary and client-streaming methods). */
function respondOnce(
  result: Promise<unknown>,
  started: StartedCall,
  callback: grpc.sendUnaryData<Message>,
  logger: Logger,
): void {
  result.then(
    (response) => {
      started.flushHeaders();
      callback(
        null,
        response as Message,
        headersToMetadata(started.call.handlerContext.responseTrailer),
      );
      started.done();
    },
    (err: unknown) => {
      started.flushHeaders();
      callback(toServiceError(err, started.call, logger));
      started.done();
    },
  );
}

function rejectSend(): RpcCall["send"] {
  return () =>
    Promise.reject(new ConnectError("send() is only for streaming responses", Code.Internal));
}
