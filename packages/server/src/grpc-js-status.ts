// Errors -> gRPC status for grpc-js: the code, the message, the trailers and the details, as
// every gRPC client (grpcurl included) reads them.
import { Code, ConnectError } from "@connectrpc/connect";
import type * as grpc from "@grpc/grpc-js";
import { encodeStatusDetails } from "./errors.js";
import { addMetadata, headersToMetadata } from "./grpc-js-metadata.js";
import type { RpcCall } from "./interceptors.js";
import type { Logger } from "./logger.js";

/**
 * ConnectError -> same code number, message, trailers, and the details as a binary
 * google.rpc.Status in grpc-status-details-bin (what grpcurl and every gRPC client read).
 * The error-mapping interceptor already turned anything else into a ConnectError; this guards
 * against errors thrown outside the chain.
 */
export function toServiceError(
  err: unknown,
  call: RpcCall,
  logger: Logger,
): grpc.ServerErrorResponse {
  const error = err instanceof ConnectError ? err : internalError(err, call, logger);
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

/** Logs what escaped the chain with its stack; the client only learns "internal error". */
function internalError(err: unknown, call: RpcCall, logger: Logger): ConnectError {
  logger.error("unhandled error outside the interceptor chain", {
    rpcService: call.service.typeName,
    method: call.method.name,
    error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : err,
  });
  return new ConnectError("internal error", Code.Internal);
}
