// One grpc-js call seen as an RpcCall: the handler context (deadline, peer, request metadata,
// cancellation) and the response headers, sent once before the first message or the status.
import type { EventEmitter } from "node:events";
import type { Message } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createContextValues,
  createHandlerContext,
  type HandlerContext,
} from "@connectrpc/connect";
import type * as grpc from "@grpc/grpc-js";
import { headersToMetadata, metadataToHeaders } from "./grpc-js-metadata.js";
import { peerKey, type RpcCall } from "./interceptors.js";
import type { RpcMethod } from "./rpc-method.js";

export type AnyCall =
  | grpc.ServerUnaryCall<Message, Message>
  | grpc.ServerReadableStream<Message, Message>
  | grpc.ServerWritableStream<Message, Message>
  | grpc.ServerDuplexStream<Message, Message>;

export interface StartedCall {
  call: RpcCall;
  /** Sends response headers the handler set, once, before the first message or the status. */
  flushHeaders(): void;
  /** Releases timers and listeners. */
  done(): void;
}

export interface CallSetting {
  m: RpcMethod;
  /** `/${service}/${method}`. */
  path: string;
  /** Aborts every in-flight handler's signal (forced shutdown). */
  shutdownSignal: AbortSignal;
  /** How the handler's `send` reaches the client (streaming responses only). */
  makeSend: (call: RpcCall) => RpcCall["send"];
}

/** The context plus abort(), which ends it when the call completes. */
type CallContext = ReturnType<typeof createHandlerContext>;

const callCompleted = new ConnectError("the call has completed", Code.Canceled);

export function startCall(call: AnyCall, setting: CallSetting): StartedCall {
  const cancelled = watchCancellation(call);
  const ctx = handlerContextOf(call, setting, cancelled.signal);
  const flushHeaders = headerFlusher(call, ctx);
  const rpcCall: RpcCall = {
    service: setting.m.service,
    method: setting.m.method,
    protocol: "grpc",
    requestHeader: ctx.requestHeader,
    peer: ctx.values.get(peerKey),
    signal: ctx.signal,
    values: ctx.values,
    handlerContext: ctx,
    send: (message) => {
      flushHeaders();
      return send(message);
    },
  };
  const send = setting.makeSend(rpcCall);
  return {
    call: rpcCall,
    flushHeaders,
    done: () => {
      cancelled.release();
      // Completing the call aborts the context signal (as connect does): releases the deadline
      // timer and tells anything the handler left running that the call is over. A shared
      // reason, because a bare abort() builds a DOMException with a stack trace on every call.
      ctx.abort(callCompleted);
    },
  };
}

/** A signal that aborts when the client cancels the call. */
function watchCancellation(call: AnyCall): { signal: AbortSignal; release(): void } {
  const cancel = new AbortController();
  const onCancelled = () =>
    cancel.abort(new ConnectError("call cancelled by client", Code.Canceled));
  // Every grpc-js call object is an EventEmitter; the union of their typed overloads is not callable.
  const events: EventEmitter = call;
  events.once("cancelled", onCancelled);
  return { signal: cancel.signal, release: () => events.off("cancelled", onCancelled) };
}

function handlerContextOf(
  call: AnyCall,
  setting: CallSetting,
  requestSignal: AbortSignal,
): CallContext {
  const values = createContextValues();
  values.set(peerKey, normalizePeer(call.getPeer()));
  return createHandlerContext({
    service: setting.m.service,
    method: setting.m.method,
    protocolName: "grpc",
    requestMethod: "POST",
    url: setting.path,
    timeoutMs: remainingMs(call.getDeadline()),
    shutdownSignal: setting.shutdownSignal,
    requestSignal,
    requestHeader: metadataToHeaders(call.metadata),
    contextValues: values,
  });
}

/** The client's deadline as the time left, or undefined when it set none. */
export function remainingMs(deadline: grpc.Deadline, now = Date.now()): number | undefined {
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(deadlineMs) ? Math.max(0, deadlineMs - now) : undefined;
}

export function normalizePeer(peer: string): string {
  return peer.replace(/^ipv[46]:/, "");
}

function headerFlusher(call: AnyCall, ctx: HandlerContext): () => void {
  let headersSent = false;
  return () => {
    if (headersSent) return;
    headersSent = true;
    if (!ctx.responseHeader.keys().next().done)
      call.sendMetadata(headersToMetadata(ctx.responseHeader));
  };
}
