// The gRPC side of the one port: a grpc-js server without a port of its own, fed the HTTP/2
// connections the listener recognized.
import type { Socket } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { registerOnGrpcJs } from "./grpc-js-adapter.js";
import type { Logger } from "./logger.js";
import type { RpcMethod } from "./rpc-method.js";

export interface GrpcEndpoint {
  /** Serves one HTTP/2 connection. */
  accept(socket: Socket): void;
  /** Takes no new calls; resolves when the in-flight ones have finished. */
  drain(): Promise<void>;
  /** Cancels every call still running and destroys every connection. */
  forceClose(): void;
  /** Open HTTP/2 connections. */
  readonly connections: number;
}

export interface EndpointOptions {
  logger: Logger;
  /** Largest accepted request message -> RESOURCE_EXHAUSTED. */
  maxReceiveBytes: number;
  /** Aborts every in-flight handler's signal (forced shutdown). */
  shutdownSignal: AbortSignal;
}

export function createGrpcEndpoint(
  methods: readonly RpcMethod[],
  options: EndpointOptions,
): GrpcEndpoint {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": options.maxReceiveBytes,
  });
  registerOnGrpcJs(server, methods, {
    logger: options.logger,
    shutdownSignal: options.shutdownSignal,
  });
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const sockets = new Set<Socket>();
  return {
    accept(socket) {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
      injector.injectConnection(socket);
    },
    drain: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    forceClose() {
      server.forceShutdown();
      for (const s of [...sockets]) s.destroy();
    },
    get connections() {
      return sockets.size;
    },
  };
}
