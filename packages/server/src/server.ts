// createRpcServer: one port serving gRPC (grpc-js, h2c), Connect and gRPC-Web (connect-node,
// HTTP/1.1), health, reflection, /metrics, /healthz and /readyz, with one interceptor chain.
// The parts live beside it: auth-mode.ts, interceptor-chains.ts, served-methods.ts,
// grpc-endpoint.ts, http1-endpoint.ts, one-port-listener.ts and graceful-close.ts.

import { setMaxListeners } from "node:events";
import type { DescFile } from "@bufbuild/protobuf";
import type { Registry } from "prom-client";
import type { TokenGrant } from "./auth.js";
import { resolveAuthMode, warnAboutAuthMode } from "./auth-mode.js";
import { closeGracefully } from "./graceful-close.js";
import { createGrpcEndpoint } from "./grpc-endpoint.js";
import { createHealthRegistry, type HealthRegistry, ServingStatus } from "./health-service.js";
import type { CorsOptions } from "./http-endpoints.js";
import { createHttp1Endpoint } from "./http1-endpoint.js";
import { createInterceptorChains } from "./interceptor-chains.js";
import type { Interceptor } from "./interceptors.js";
import { createLogger, type Logger } from "./logger.js";
import { createRpcMetrics } from "./metrics.js";
import { createOnePortListener } from "./one-port-listener.js";
import type { AnyServiceRegistration } from "./rpc-method.js";
import { compileServedMethods } from "./served-methods.js";

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

export function createRpcServer(options: RpcServerOptions): RpcServer {
  const logger = options.logger ?? createLogger({ service: options.name });
  const shutdown = new AbortController();
  // Every in-flight call links its signal to this one; more than 10 at once is normal, not a leak
  // (each call removes its listener when it completes).
  setMaxListeners(0, shutdown.signal);
  const health = createHealthRegistry();
  const metrics = createRpcMetrics({ defaultMetrics: options.defaultMetrics });
  const auth = resolveAuthMode(options);
  const chains = createInterceptorChains({
    logger,
    metrics: metrics.interceptor,
    auth,
    extra: options.interceptors,
  });
  const methods = compileServedMethods(options, health, chains);
  chains.requireScopes(methods.app);
  for (const reg of options.services)
    health.setStatus(reg.service.typeName, ServingStatus.NOT_SERVING);
  health.setStatus("", ServingStatus.NOT_SERVING);

  const endpoint = {
    logger,
    maxReceiveBytes: options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_BYTES,
    shutdownSignal: shutdown.signal,
  };
  const grpc = createGrpcEndpoint(
    [...methods.app, ...methods.health, ...methods.reflection],
    endpoint,
  );
  const http1 = createHttp1Endpoint([...methods.app, ...methods.health], {
    ...endpoint,
    registry: metrics.registry,
    health,
    cors: options.cors,
  });
  const listener = createOnePortListener({
    firstBytesTimeoutMs: options.firstBytesTimeoutMs,
    onHttp2: (socket) => grpc.accept(socket),
    onHttp1: (socket) => http1.accept(socket),
  });
  let closing: Promise<void> | undefined;

  return {
    health,
    registry: metrics.registry,
    logger,
    async listen(port, host) {
      warnAboutAuthMode(logger, auth);
      const addr = await listener.listen(port, host);
      if (options.servingOnListen ?? true) health.setAll(ServingStatus.SERVING);
      logger.info("listening", {
        address: addr.address,
        port: addr.port,
        protocols: ["grpc", "connect", "grpc-web"],
        services: methods.grpcServiceNames,
      });
      return { port: addr.port, address: addr.address };
    },
    close(closeOptions = {}) {
      closing ??= closeGracefully(
        { health, listener, grpc, http1, shutdown, logger },
        closeOptions.graceMs ?? 10_000,
      );
      return closing;
    },
  };
}
