// A server's shutdown: say NOT_SERVING, stop accepting, let in-flight calls finish on both
// stacks, and after the grace period force-close whatever is left.
import type { GrpcEndpoint } from "./grpc-endpoint.js";
import { type HealthRegistry, ServingStatus } from "./health-service.js";
import type { Http1Endpoint } from "./http1-endpoint.js";
import type { Logger } from "./logger.js";
import type { OnePortListener } from "./one-port-listener.js";

export interface ClosingServer {
  health: HealthRegistry;
  listener: OnePortListener;
  grpc: GrpcEndpoint;
  http1: Http1Endpoint;
  /** Aborted when the grace period is over: every handler still running sees its signal abort. */
  shutdown: AbortController;
  logger: Logger;
}

/** Resolves when every connection is closed. */
export async function closeGracefully(server: ClosingServer, graceMs: number): Promise<void> {
  const { health, listener, grpc, http1, logger } = server;
  const started = performance.now();
  health.setAll(ServingStatus.NOT_SERVING);
  // Let Watch streams deliver NOT_SERVING before they are ended.
  await new Promise((resolve) => setImmediate(resolve));
  health.endWatches();
  const allClosed = listener.close();
  listener.destroyPending();
  const drained = Promise.all([grpc.drain(), http1.drain()]);

  const graceful = await settlesWithin(drained, graceMs);
  if (!graceful) forceClose(server, graceMs);
  await allClosed;
  logger.info("server closed", {
    graceful,
    durationMs: Math.round(performance.now() - started),
  });
}

/** True when `work` settles within `ms`, false when the time runs out first. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const graceful = await Promise.race([
    work.then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return graceful;
}

function forceClose(server: ClosingServer, graceMs: number): void {
  server.logger.warn("grace period over, closing remaining connections", {
    graceMs,
    http1Connections: server.http1.connections,
    http2Connections: server.grpc.connections,
  });
  server.shutdown.abort();
  server.grpc.forceClose();
  server.http1.forceClose();
}
