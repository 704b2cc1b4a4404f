// Serves RpcMethods on a @grpc/grpc-js Server. grpc-js costs ~0.08 ms of CPU per call here versus
// ~0.5 ms for connect-node on node:http2 (see ARCHITECTURE.md), so gRPC traffic goes through it,
// with protobuf-es doing the (de)serialization: no second code generator.
import type { EventEmitter } from "node:events";
import type { DescMethod, Message } from "@bufbuild/protobuf";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextValues, createHandlerContext } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import { encodeStatusDetails } from "./errors.js";
import { peerKey, type RpcCall } from "./interceptors.js";
import type { Logger } from "./logger.js";
import type { RpcMethod } from "./rpc-method.js";

export interface GrpcJsAdapterOptions {
  logger: Logger;
  /** Aborts every in-flight handler's signal (forced shutdown). */
  shutdownSignal: AbortSignal;
}

type AnyCall =
  | grpc.ServerUnaryCall<Message, Message>
  | grpc.ServerReadableStream<Message, Message>
  | grpc.ServerWritableStream<Message, Message>
  | grpc.ServerDuplexStream<Message, Message>;

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
  switch (m.method.methodKind) {
    case "unary":
      return (
        call: grpc.ServerUnaryCall<Message, Message>,
        callback: grpc.sendUnaryData<Message>,
      ) => {
        const started = startCall(m, path, call, options, rejectSend);
        respondOnce(m.invoke(call.request, started.call), started, callback, options.logger);
      };
    case "client_streaming":
      return (
        call: grpc.ServerReadableStream<Message, Message>,
        callback: grpc.sendUnaryData<Message>,
      ) => {
        const started = startCall(m, path, call, options, rejectSend);
        // destroyOnReturn: false, or finishing the loop would destroy the call under us.
        const requests = call.iterator({ destroyOnReturn: false });
        respondOnce(m.invoke(requests, started.call), started, callback, options.logger);
      };
    case "server_streaming":
      return (call: grpc.ServerWritableStream<Message, Message>) => {
        const stream = call;
        const started = startCall(m, path, call, options, (call) => writer(stream, call));
        runStream(m, call, call.request, started, options.logger);
      };
    case "bidi_streaming":
      return (call: grpc.ServerDuplexStream<Message, Message>) => {
        const stream = call;
        const started = startCall(m, path, call, options, (call) => writer(stream, call));
        runStream(m, call, call.iterator({ destroyOnReturn: false }), started, options.logger);
      };
  }
}

interface StartedCall {
  call: RpcCall;
  /** Sends response headers the handler set, once, before the first message or the status. */
  flushHeaders(): void;
  /** Releases timers and listeners. */
  done(): void;
}

const callCompleted = new ConnectError("the call has completed", Code.Canceled);

function startCall(
  m: RpcMethod,
  path: string,
  call: AnyCall,
  options: GrpcJsAdapterOptions,
  makeSend: (call: RpcCall) => RpcCall["send"],
): StartedCall {
  const cancel = new AbortController();
  const onCancelled = () =>
    cancel.abort(new ConnectError("call cancelled by client", Code.Canceled));
  // Every grpc-js call object is an EventEmitter; the union of their typed overloads is not callable.
  const events: EventEmitter = call;
  events.once("cancelled", onCancelled);

  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  const timeoutMs = Number.isFinite(deadlineMs) ? Math.max(0, deadlineMs - Date.now()) : undefined;

  const peer = normalizePeer(call.getPeer());
  const values = createContextValues();
  values.set(peerKey, peer);
  const ctx = createHandlerContext({
    service: m.service,
    method: m.method,
    protocolName: "grpc",
    requestMethod: "POST",
    url: path,
    timeoutMs,
    shutdownSignal: options.shutdownSignal,
    requestSignal: cancel.signal,
    requestHeader: metadataToHeaders(call.metadata),
    contextValues: values,
  });

  let headersSent = false;
  const flushHeaders = () => {
    if (headersSent) return;
    headersSent = true;
    if (!ctx.responseHeader.keys().next().done)
      call.sendMetadata(headersToMetadata(ctx.responseHeader));
  };
  const rpcCall: RpcCall = {
    service: m.service,
    method: m.method,
    protocol: "grpc",
    requestHeader: ctx.requestHeader,
    peer,
    signal: ctx.signal,
    values,
    handlerContext: ctx,
    send: (message) => {
      flushHeaders();
      return send(message);
    },
  };
  const send = makeSend(rpcCall);
  return {
    call: rpcCall,
    flushHeaders,
    done: () => {
      events.off("cancelled", onCancelled);
      // Completing the call aborts the context signal (as connect does): releases the deadline
      // timer and tells anything the handler left running that the call is over. A shared
      // reason, because a bare abort() builds a DOMException with a stack trace on every call.
      ctx.abort(callCompleted);
    },
  };
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

/** Writes with backpressure; gives up when the call is cancelled or the server forces shutdown. */
function writer(
  stream: grpc.ServerWritableStream<Message, Message> | grpc.ServerDuplexStream<Message, Message>,
  call: RpcCall,
): RpcCall["send"] {
  return (message) => {
    if (call.signal.aborted) return Promise.reject(abortReason(call.signal));
    if (stream.write(message)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        call.signal.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        stream.off("drain", onDrain);
        reject(abortReason(call.signal));
      };
      stream.once("drain", onDrain);
      call.signal.addEventListener("abort", onAbort, { once: true });
    });
  };
}

function runStream(
  m: RpcMethod,
  stream: grpc.ServerWritableStream<Message, Message> | grpc.ServerDuplexStream<Message, Message>,
  request: unknown,
  started: StartedCall,
  logger: Logger,
): void {
  m.invoke(request, started.call).then(
    () => {
      started.flushHeaders();
      stream.end(headersToMetadata(started.call.handlerContext.responseTrailer));
      started.done();
    },
    (err: unknown) => {
      started.flushHeaders();
      // grpc-js turns an 'error' event on a server stream into the call's status.
      if (!stream.cancelled) stream.emit("error", toServiceError(err, started.call, logger));
      started.done();
    },
  );
}

function abortReason(signal: AbortSignal): ConnectError {
  const reason: unknown = signal.reason;
  return reason instanceof ConnectError ? reason : new ConnectError("call aborted", Code.Canceled);
}

/**
 * ConnectError -> same code number, message, trailers, and the details as a binary
 * google.rpc.Status in grpc-status-details-bin (what grpcurl and every gRPC client read).
 * The error-mapping interceptor already turned anything else into a ConnectError; this guards
 * against errors thrown outside the chain.
 */
function toServiceError(err: unknown, call: RpcCall, logger: Logger): grpc.ServerErrorResponse {
  let error: ConnectError;
  if (err instanceof ConnectError) {
    error = err;
  } else {
    logger.error("unhandled error outside the interceptor chain", {
      rpcService: call.service.typeName,
      method: call.method.name,
      error:
        err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : err,
    });
    error = new ConnectError("internal error", Code.Internal);
  }
  const metadata = headersToMetadata(call.handlerContext.responseTrailer);
  for (const [key, value] of error.metadata) addMetadata(metadata, key, value);
  const details = encodeStatusDetails(error);
  if (details !== undefined) {
    metadata.set(
      "grpc-status-details-bin",
      Buffer.from(details.buffer, details.byteOffset, details.byteLength),
    );
  }
  return Object.assign(new Error(error.rawMessage), {
    code: error.code as number as grpc.status,
    details: error.rawMessage,
    metadata,
  });
}

function normalizePeer(peer: string): string {
  return peer.replace(/^ipv[46]:/, "");
}

/** grpc metadata -> fetch Headers, binary values base64 as in Connect and gRPC-Web. */
export function metadataToHeaders(metadata: grpc.Metadata): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(metadata.toHttp2Headers())) {
    if (values === undefined) continue;
    for (const v of Array.isArray(values) ? values : [values]) headers.append(key, String(v));
  }
  return headers;
}

// Keys grpc-js or HTTP/2 own; a handler setting them must not corrupt the response.
const reservedKeys = new Set([
  "content-type",
  "te",
  "user-agent",
  "grpc-encoding",
  "grpc-accept-encoding",
]);

export function headersToMetadata(headers: Headers): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [key, value] of headers) addMetadata(metadata, key, value);
  return metadata;
}

function addMetadata(metadata: grpc.Metadata, key: string, value: string): void {
  if (
    reservedKeys.has(key) ||
    key.startsWith(":") ||
    key === "grpc-status" ||
    key === "grpc-message"
  )
    return;
  if (key.endsWith("-bin")) {
    for (const part of value.split(",")) metadata.add(key, Buffer.from(part.trim(), "base64"));
  } else {
    metadata.add(key, value);
  }
}
