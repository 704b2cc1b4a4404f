// One interceptor model for both stacks. Each adapter turns its native call (grpc-js call
// object or Connect HandlerContext) into an RpcCall and runs the same chain, so auth, logging,
// metrics and error mapping are written once and behave identically on every protocol.
import type { DescMethod, DescService, Message } from "@bufbuild/protobuf";
import type { ContextValues, HandlerContext } from "@connectrpc/connect";
import { Code, ConnectError, createContextKey } from "@connectrpc/connect";
import { codeName, codeOf } from "./errors.js";
import type { Logger } from "./logger.js";

export type RpcProtocol = "grpc" | "connect" | "grpc-web";

export interface RpcCall {
  readonly service: DescService;
  readonly method: DescMethod;
  readonly protocol: RpcProtocol;
  readonly requestHeader: Headers;
  /** Remote address, e.g. "127.0.0.1:53422". */
  readonly peer: string;
  /** Fires on client cancel, deadline, or forced shutdown. */
  readonly signal: AbortSignal;
  /** Shared with `HandlerContext.values`: what interceptors set here, handlers can read. */
  readonly values: ContextValues;
  /** The context the handler will receive. */
  readonly handlerContext: HandlerContext;
  /**
   * Sink for streamed responses (server and bidi streaming); resolves when the transport can
   * take more (backpressure). Unary calls reject.
   */
  readonly send: (message: Message) => Promise<void>;
}

/**
 * A call through the chain. `request` is the decoded message (or an AsyncIterable of them for
 * client/bidi streaming). The promise resolves with the response message for unary and
 * client-streaming methods, and once the last message was sent for server/bidi streaming; so
 * an interceptor sees the whole call, including streams, as one awaited operation.
 */
export type RpcFn = (request: unknown, call: RpcCall) => Promise<unknown>;
export type Interceptor = (next: RpcFn) => RpcFn;

/** The remote address of the call, for handlers that want it. */
export const peerKey = createContextKey<string>("", { description: "remote peer address" });

/** Applies interceptors so that the first one listed is the outermost. */
export function applyInterceptors(fn: RpcFn, interceptors: readonly Interceptor[]): RpcFn {
  return interceptors.reduceRight<RpcFn>((next, interceptor) => interceptor(next), fn);
}

/**
 * Anything that is not a ConnectError becomes INTERNAL with a generic message; the original is
 * logged with its stack but never sent, so internals (SQL, hostnames, paths) don't leak.
 */
export function createErrorMappingInterceptor(logger: Logger): Interceptor {
  return (next) => async (request, call) => {
    try {
      return await next(request, call);
    } catch (err) {
      if (err instanceof ConnectError) throw err;
      // A handler that gives up because the deadline/cancel fired reports that, not INTERNAL.
      if (call.signal.aborted) {
        const reason: unknown = call.signal.reason;
        if (reason instanceof ConnectError) throw reason;
        throw new ConnectError("request cancelled", Code.Canceled);
      }
      logger.error("unhandled error in rpc handler", {
        rpcService: call.service.typeName,
        method: call.method.name,
        protocol: call.protocol,
        error:
          err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : err,
      });
      throw new ConnectError("internal error", Code.Internal);
    }
  };
}

export interface LoggingOptions {
  /** Level for successful calls; failures log at "warn" (INTERNAL/UNKNOWN/DATA_LOSS at "error"). */
  successLevel?: "debug" | "info";
}

/** One structured line per call: service, method, protocol, code, duration, peer. */
export function createLoggingInterceptor(
  logger: Logger,
  options: LoggingOptions = {},
): Interceptor {
  const successLevel = options.successLevel ?? "info";
  return (next) => async (request, call) => {
    const start = performance.now();
    let error: unknown;
    try {
      return await next(request, call);
    } catch (err) {
      error = err;
      throw err;
    } finally {
      const code = codeOf(error);
      const level =
        code === 0
          ? successLevel
          : code === Code.Internal || code === Code.Unknown || code === Code.DataLoss
            ? "error"
            : "warn";
      if (logger.isEnabled(level)) {
        logger[level]("rpc", {
          rpcService: call.service.typeName,
          method: call.method.name,
          protocol: call.protocol,
          code: codeName(code),
          durationMs: Math.round((performance.now() - start) * 1000) / 1000,
          peer: call.peer,
          ...(error instanceof ConnectError ? { error: error.rawMessage } : {}),
        });
      }
    }
  };
}
