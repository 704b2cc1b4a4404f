// The HTTP/1.1 side of the one port: connect-node (Connect, gRPC-Web) behind /metrics, /healthz,
// /readyz and CORS, on a node:http server fed the connections the listener recognized.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { Socket } from "node:net";
import type { Registry } from "prom-client";
import { createConnectHandler } from "./connect-adapter.js";
import type { EndpointOptions } from "./grpc-endpoint.js";
import type { HealthRegistry } from "./health-service.js";
import { type CorsOptions, createHttpEndpoints } from "./http-endpoints.js";
import type { RpcMethod } from "./rpc-method.js";

export interface Http1Endpoint {
  /** Serves one HTTP/1.1 connection (refused once draining). */
  accept(socket: Socket): void;
  /**
   * Refuses new connections, tells clients not to reuse theirs and closes each one once it is
   * idle; resolves when every connection is closed.
   */
  drain(): Promise<void>;
  /** Destroys every connection. */
  forceClose(): void;
  /** Open HTTP/1.1 connections. */
  readonly connections: number;
}

export interface Http1EndpointOptions extends EndpointOptions {
  registry: Registry;
  health: HealthRegistry;
  cors?: CorsOptions;
}

export function createHttp1Endpoint(
  methods: readonly RpcMethod[],
  options: Http1EndpointOptions,
): Http1Endpoint {
  const endpoints = createHttpEndpoints({
    rpc: createConnectHandler(methods, {
      readMaxBytes: options.maxReceiveBytes,
      shutdownSignal: options.shutdownSignal,
    }),
    registry: options.registry,
    health: options.health,
    logger: options.logger,
    cors: options.cors,
  });
  let draining = false;
  // node:http only tracks idle connections for servers that listen themselves, and this one
  // never does: count in-flight requests per socket so shutdown can close idle ones.
  const sockets = new Map<Socket, { active: number }>();
  const server = createHttpServer((req, res) => {
    const state = sockets.get(req.socket);
    if (state !== undefined) {
      state.active++;
      res.once("close", () => {
        state.active--;
        if (draining && state.active === 0) req.socket.end();
      });
    }
    if (draining) res.setHeader("Connection", "close");
    closeIfAnsweredEarly(req, res);
    endpoints(req, res);
  });
  return {
    accept(socket) {
      if (draining) {
        socket.destroy();
        return;
      }
      sockets.set(socket, { active: 0 });
      socket.once("close", () => sockets.delete(socket));
      server.emit("connection", socket);
    },
    drain() {
      draining = true;
      for (const [socket, state] of sockets) if (state.active === 0) socket.end();
      return whenEmpty(sockets);
    },
    forceClose() {
      for (const s of [...sockets.keys()]) s.destroy();
    },
    get connections() {
      return sockets.size;
    },
  };
}

/** Sockets remove themselves when they close; nothing signals the last one, so poll. */
function whenEmpty(sockets: ReadonlyMap<Socket, unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = () => {
      if (sockets.size === 0) resolve();
      else setTimeout(check, 20).unref();
    };
    check();
  });
}

/**
 * connect-node answers an oversized gRPC-Web request (RESOURCE_EXHAUSTED) without reading the
 * rest of the body; the half-sent chunked body then poisons the keep-alive connection and the
 * client's next call on it hangs until the socket times out. A response that starts before
 * the request is complete therefore says "Connection: close", so neither side reuses it.
 */
function closeIfAnsweredEarly(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!req.complete && !this.headersSent) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as typeof writeHead;
}
