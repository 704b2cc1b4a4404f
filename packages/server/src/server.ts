// createRpcServer: one port serving gRPC (grpc-js, h2c), Connect and gRPC-Web (connect-node,
// HTTP/1.1), health, reflection, /metrics, /healthz and /readyz, with one interceptor chain.

import { setMaxListeners } from "node:events";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { Socket } from "node:net";
import type { DescFile } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { file_google_rpc_error_details, Health } from "@orderlens/contracts";
import type { Registry } from "prom-client";
import { createAuthInterceptor, type TokenGrant } from "./auth.js";
import { authFromEnv } from "./config/auth-block.js";
import { createConnectHandler } from "./connect-adapter.js";
import { registerOnGrpcJs } from "./grpc-js-adapter.js";
import { createHealthRegistry, type HealthRegistry, ServingStatus } from "./health-service.js";
import { type CorsOptions, createHttpEndpoints } from "./http-endpoints.js";
import {
  createErrorMappingInterceptor,
  createLoggingInterceptor,
  type Interceptor,
} from "./interceptors.js";
import { createLogger, type Logger } from "./logger.js";
import { createRpcMetrics } from "./metrics.js";
import { createOnePortListener } from "./one-port-listener.js";
import {
  compileReflection,
  ServerReflectionV1,
  ServerReflectionV1alpha,
} from "./reflection-service.js";
import { type AnyServiceRegistration, compileService, type RpcMethod } from "./rpc-method.js";

export const DEFAULT_MAX_RECEIVE_BYTES = 1024 * 1024;

export interface RpcServerOptions {
  /** Service name for logs ("query-svc"). */
  name: string;
  /** Application services; build entries with defineService() for type checking. */
  services: readonly AnyServiceRegistration[];
  logger?: Logger;
  /**
   * Bearer tokens. When neither `tokens` nor `authDisabled` is given, both come from the
   * environment (ORDERLENS_TOKENS, ORDERLENS_AUTH_DISABLED).
   */
  tokens?: readonly TokenGrant[];
  /** Development only: every method is open. Logged loudly at startup. */
  authDisabled?: boolean;
  /** Extra interceptors, run innermost (after auth, just before the handler). */
  interceptors?: readonly Interceptor[];
  /** Largest accepted request message, both stacks (default 1 MiB) -> RESOURCE_EXHAUSTED. */
  maxReceiveMessageBytes?: number;
  /** CORS for Connect/gRPC-Web browser clients; off when omitted. */
  cors?: CorsOptions;
  /** Additional files reflection can describe (e.g. contracts' allFiles for event types). */
  reflectionFiles?: readonly DescFile[];
  /** Set health to SERVING for "" and every service when listen() succeeds (default true). */
  servingOnListen?: boolean;
  /** Collect prom-client default metrics into this server's registry (default true). */
  defaultMetrics?: boolean;
  /** Close connections that don't send their first bytes within this time (default 10 s). */
  firstBytesTimeoutMs?: number;
  /**
   * Check each request against its contract's field rules before the handler (default true).
   * Off only where the transport itself is under test: benches and plumbing tests.
   */
  validateRequests?: boolean;
}

export interface RpcServer {
  listen(port: number, host?: string): Promise<{ port: number; address: string }>;
  readonly health: HealthRegistry;
  readonly registry: Registry;
  readonly logger: Logger;
  /**
   * Graceful shutdown: health NOT_SERVING, stop accepting, let in-flight calls finish, then
   * force-close whatever is left after `graceMs` (default 10 s). Resolves when every
   * connection is closed. Idempotent.
   */
  close(options?: { graceMs?: number }): Promise<void>;
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

export function createRpcServer(options: RpcServerOptions): RpcServer {
  const logger = options.logger ?? createLogger({ service: options.name });
  const maxReceive = options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_BYTES;
  const shutdown = new AbortController();
  // Every in-flight call links its signal to this one; more than 10 at once is normal, not a leak
  // (each call removes its listener when it completes).
  setMaxListeners(0, shutdown.signal);
  const health = createHealthRegistry();
  const metrics = createRpcMetrics({ defaultMetrics: options.defaultMetrics });

  const envAuth =
    options.tokens === undefined && options.authDisabled === undefined ? authFromEnv() : undefined;
  const authDisabled = options.authDisabled ?? envAuth?.disabled ?? false;
  const tokens = options.tokens ?? envAuth?.tokens ?? [];

  const scopes = new Map<string, string | undefined>();
  const appChain: Interceptor[] = [
    createLoggingInterceptor(logger),
    metrics.interceptor,
    createErrorMappingInterceptor(logger),
    ...(authDisabled
      ? []
      : [
          createAuthInterceptor({
            tokens,
            requiredScope: (service, method) => scopes.get(`${service.typeName}/${method.name}`),
          }),
        ]),
    ...(options.interceptors ?? []),
  ];
  // Probes and tooling: metered, but logged only at debug and never authenticated.
  const systemChain: Interceptor[] = [
    createLoggingInterceptor(logger, { successLevel: "debug" }),
    metrics.interceptor,
    createErrorMappingInterceptor(logger),
  ];

  const appMethods: RpcMethod[] = [];
  for (const reg of options.services) {
    const validate = options.validateRequests ?? true;
    for (const m of compileService(reg.service, reg.impl, reg.scopes, appChain, validate)) {
      scopes.set(`${m.service.typeName}/${m.method.name}`, m.requiredScope);
      appMethods.push(m);
    }
  }
  const healthMethods = compileService(Health, health.impl, { default: null }, systemChain);
  const grpcServices = [
    ...options.services.map((r) => r.service.typeName),
    Health.typeName,
    ServerReflectionV1.typeName,
    ServerReflectionV1alpha.typeName,
  ];
  const reflectionMethods = compileReflection(
    [
      ...options.services.map((r) => r.service.file),
      Health.file,
      ServerReflectionV1.file,
      ServerReflectionV1alpha.file,
      // Error details travel as Any; tools like grpcurl resolve their type through reflection.
      file_google_rpc_error_details,
      ...(options.reflectionFiles ?? []),
    ],
    grpcServices,
    systemChain,
  );

  for (const reg of options.services)
    health.setStatus(reg.service.typeName, ServingStatus.NOT_SERVING);
  health.setStatus("", ServingStatus.NOT_SERVING);

  // gRPC: grpc-js without a port of its own; connections are injected by the listener.
  const grpcServer = new grpc.Server({
    "grpc.max_receive_message_length": maxReceive,
  });
  registerOnGrpcJs(grpcServer, [...appMethods, ...healthMethods, ...reflectionMethods], {
    logger,
    shutdownSignal: shutdown.signal,
  });
  const injector = grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());

  // HTTP/1.1: connect-node behind /metrics, /healthz, /readyz and CORS.
  let shuttingDown = false;
  const http1 = new Map<Socket, { active: number }>();
  const endpoints = createHttpEndpoints({
    rpc: createConnectHandler([...appMethods, ...healthMethods], {
      readMaxBytes: maxReceive,
      shutdownSignal: shutdown.signal,
    }),
    registry: metrics.registry,
    health,
    logger,
    cors: options.cors,
  });
  // node:http only tracks idle connections for servers that listen themselves, and this one
  // never does: count in-flight requests per socket so shutdown can close idle ones.
  const httpServer = createHttpServer((req, res) => {
    const state = http1.get(req.socket);
    if (state !== undefined) {
      state.active++;
      res.once("close", () => {
        state.active--;
        if (shuttingDown && state.active === 0) req.socket.end();
      });
    }
    if (shuttingDown) res.setHeader("Connection", "close");
    closeIfAnsweredEarly(req, res);
    endpoints(req, res);
  });

  const http2Sockets = new Set<Socket>();
  const listener = createOnePortListener({
    firstBytesTimeoutMs: options.firstBytesTimeoutMs,
    onHttp2(socket) {
      http2Sockets.add(socket);
      socket.once("close", () => http2Sockets.delete(socket));
      injector.injectConnection(socket);
    },
    onHttp1(socket) {
      if (shuttingDown) {
        socket.destroy();
        return;
      }
      http1.set(socket, { active: 0 });
      socket.once("close", () => http1.delete(socket));
      httpServer.emit("connection", socket);
    },
  });

  let closing: Promise<void> | undefined;

  return {
    health,
    registry: metrics.registry,
    logger,
    async listen(port, host) {
      if (authDisabled) {
        logger.warn(
          "!!! AUTH IS DISABLED: every RPC is open to anyone who can reach this port. Development only. !!!",
          { authDisabled: true },
        );
      } else if (tokens.length === 0) {
        logger.warn(
          "no bearer tokens configured (ORDERLENS_TOKENS): every protected RPC will be refused",
        );
      }
      const addr = await listener.listen(port, host);
      if (options.servingOnListen ?? true) health.setAll(ServingStatus.SERVING);
      logger.info("listening", {
        address: addr.address,
        port: addr.port,
        protocols: ["grpc", "connect", "grpc-web"],
        services: grpcServices,
      });
      return { port: addr.port, address: addr.address };
    },
    close(closeOptions = {}) {
      closing ??= (async () => {
        const graceMs = closeOptions.graceMs ?? 10_000;
        const started = performance.now();
        health.setAll(ServingStatus.NOT_SERVING);
        // Let Watch streams deliver NOT_SERVING before they are ended.
        await new Promise((resolve) => setImmediate(resolve));
        health.endWatches();
        shuttingDown = true;
        const allClosed = listener.close();
        listener.destroyPending();

        const grpcDone = new Promise<void>((resolve) => grpcServer.tryShutdown(() => resolve()));
        for (const [socket, state] of http1) if (state.active === 0) socket.end();
        const httpDone = new Promise<void>((resolve) => {
          const check = () => {
            if (http1.size === 0) resolve();
            else setTimeout(check, 20).unref();
          };
          check();
        });

        let timer: NodeJS.Timeout | undefined;
        const graceful = await Promise.race([
          Promise.all([grpcDone, httpDone]).then(() => true),
          new Promise<false>((resolve) => {
            timer = setTimeout(() => resolve(false), graceMs);
          }),
        ]);
        clearTimeout(timer);
        if (!graceful) {
          logger.warn("grace period over, closing remaining connections", {
            graceMs,
            http1Connections: http1.size,
            http2Connections: http2Sockets.size,
          });
          shutdown.abort();
          grpcServer.forceShutdown();
          for (const s of [...http1.keys(), ...http2Sockets]) s.destroy();
        }
        await allClosed;
        logger.info("server closed", {
          graceful,
          durationMs: Math.round(performance.now() - started),
        });
      })();
      return closing;
    },
  };
}
