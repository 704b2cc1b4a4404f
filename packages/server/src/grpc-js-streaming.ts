// Streaming responses on grpc-js (server streaming, bidi): the handler pushes each message through
// `send`, which resolves once grpc-js took it, and the call ends with the trailers or the status.
import type { Message } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type * as grpc from "@grpc/grpc-js";
import type { StartedCall } from "./grpc-js-call.js";
import { headersToMetadata } from "./grpc-js-metadata.js";
import { toServiceError } from "./grpc-js-status.js";
import type { RpcCall } from "./interceptors.js";
import type { Logger } from "./logger.js";
import type { RpcMethod } from "./rpc-method.js";

export type ResponseStream =
  | grpc.ServerWritableStream<Message, Message>
  | grpc.ServerDuplexStream<Message, Message>;

/** Writes with backpressure; gives up when the call is cancelled or the server forces shutdown. */
export function streamSender(stream: ResponseStream, call: RpcCall): RpcCall["send"] {
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

/** Runs a streaming handler to its end: trailers when it returns, the status when it throws. */
export function runStream(
  m: RpcMethod,
  stream: ResponseStream,
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
