// The plain-HTTP side of the one port: CORS for browser clients, /metrics, /healthz, /readyz,
// and everything else to connect-node. These endpoints are always open (no auth): they are
// scraped and probed by infrastructure, and carry no business data.

import type { ServerResponse } from "node:http";
import { cors as connectCors } from "@connectrpc/connect";
import type { Registry } from "prom-client";
import type { NodeHandler } from "./connect-adapter.js";
import { type HealthRegistry, ServingStatus } from "./health-service.js";
import type { Logger } from "./logger.js";

export interface CorsOptions {
  /** Exact origins ("https://app.example.com") or "*" for any origin. */
  allowedOrigins: readonly string[] | "*";
  /** Request headers beyond Connect's own and Authorization. */
  allowedHeaders?: readonly string[];
  /** Response headers beyond Connect's own. */
  exposedHeaders?: readonly string[];
  /** Preflight cache time (default 7200 s). */
  maxAgeSeconds?: number;
}

export interface HttpEndpointsOptions {
  rpc: NodeHandler;
  registry: Registry;
  health: HealthRegistry;
  logger: Logger;
  cors?: CorsOptions;
}

export function createHttpEndpoints(options: HttpEndpointsOptions): NodeHandler {
  const { rpc, registry, health, logger, cors } = options;
  const allowHeaders = cors
    ? [
        ...new Set([
          ...connectCors.allowedHeaders,
          "Authorization",
          ...(cors.allowedHeaders ?? []),
        ]),
      ].join(", ")
    : "";
  const exposeHeaders = cors
    ? [...new Set([...connectCors.exposedHeaders, ...(cors.exposedHeaders ?? [])])].join(", ")
    : "";
  const allowMethods = connectCors.allowedMethods.join(", ");
  const originAllowed = (origin: string) =>
    cors !== undefined && (cors.allowedOrigins === "*" || cors.allowedOrigins.includes(origin));

  return (req, res) => {
    const origin = req.headers.origin;
    if (origin !== undefined && originAllowed(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
      if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
        res.writeHead(204, {
          "Access-Control-Allow-Methods": allowMethods,
          "Access-Control-Allow-Headers": allowHeaders,
          "Access-Control-Max-Age": String(cors?.maxAgeSeconds ?? 7200),
        });
        res.end();
        return;
      }
      res.setHeader("Access-Control-Expose-Headers", exposeHeaders);
    } else if (req.method === "OPTIONS" && origin !== undefined) {
      res.writeHead(403).end();
      return;
    }

    const path = (req.url ?? "/").split("?", 1)[0];
    if (req.method === "GET" || req.method === "HEAD") {
      switch (path) {
        case "/metrics":
          serveMetrics(registry, logger, res);
          return;
        case "/healthz":
          text(res, 200, "ok\n");
          return;
        case "/readyz": {
          const ready = health.getStatus("") === ServingStatus.SERVING;
          text(res, ready ? 200 : 503, ready ? "ready\n" : "not ready\n");
          return;
        }
      }
    }
    rpc(req, res);
  };
}

function serveMetrics(registry: Registry, logger: Logger, res: ServerResponse): void {
  registry.metrics().then(
    (body) => {
      res.writeHead(200, { "Content-Type": registry.contentType });
      res.end(body);
    },
    (err: unknown) => {
      logger.error("collecting metrics failed", { error: err });
      text(res, 500, "metrics unavailable\n");
    },
  );
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(body);
}
