// A fake ReportQueryService and helpers for the integration tests: this package is plumbing,
// so the service only has to exercise success, validation errors, crashes and slow calls.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { DescService } from "@bufbuild/protobuf";
import { type Client, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { ReportQueryService } from "@orderlens/contracts";
import {
  type AnyServiceRegistration,
  createRpcServer,
  defineService,
  invalidArgument,
  type RpcServer,
  subjectKey,
} from "../index.js";
import { createLogger, type Logger } from "../logger.js";
import type { ScopeSpec } from "../rpc-method.js";

export const SECRET = "db password is hunter2";

export interface Probe {
  slowStarted: number;
  slowAborted: number;
}

export function reportService(
  probe: Probe = { slowStarted: 0, slowAborted: 0 },
  scopes?: ScopeSpec,
) {
  return defineService({
    service: ReportQueryService,
    scopes: scopes ?? { default: "reports:read", methods: { GetProjectionStatus: null } },
    impl: {
      async getOrder(req, ctx) {
        if (req.orderId === "") {
          throw invalidArgument(
            [{ field: "order_id", description: "must not be empty" }],
            "bad order id",
          );
        }
        if (req.orderId === "boom") throw new Error(SECRET);
        if (req.orderId.startsWith("slow-")) {
          probe.slowStarted++;
          const ms = Number(req.orderId.slice(5));
          await new Promise<void>((resolve, reject) => {
            const onAbort = () => {
              probe.slowAborted++;
              clearTimeout(t);
              reject(ctx.signal.reason);
            };
            const t = setTimeout(() => {
              ctx.signal.removeEventListener("abort", onAbort);
              resolve();
            }, ms);
            ctx.signal.addEventListener("abort", onAbort, { once: true });
          });
        }
        return {
          order: { orderId: req.orderId, customerId: ctx.values.get(subjectKey)?.subject ?? "" },
          projectedVersion: 7n,
          minVersionReached: true,
        };
      },
      async getProjectionStatus() {
        return { lastAppliedPosition: 42n };
      },
    },
  });
}

export function captureLogger(service = "test"): {
  logger: Logger;
  lines: () => Record<string, unknown>[];
} {
  const raw: string[] = [];
  const logger = createLogger({ service, level: "debug", write: (line) => raw.push(line) });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** A server with auth off, listening on a free port of 127.0.0.1, its logs captured. */
export async function startOpenServer(
  name: string,
  services: AnyServiceRegistration[],
): Promise<{ server: RpcServer; port: number }> {
  const server = createRpcServer({
    name,
    logger: captureLogger().logger,
    authDisabled: true,
    services,
  });
  const { port } = await server.listen(0, "127.0.0.1");
  return { server, port };
}

export type Protocol = "grpc" | "connect" | "grpc-web";

export function connectTransport(port: number): Transport {
  return createConnectTransport({ httpVersion: "1.1", baseUrl: `http://127.0.0.1:${port}` });
}

export function grpcWebTransport(port: number): Transport {
  return createGrpcWebTransport({ httpVersion: "1.1", baseUrl: `http://127.0.0.1:${port}` });
}

export function connectClient<S extends DescService>(
  service: S,
  port: number,
  protocol: "connect" | "grpc-web",
): Client<S> {
  return createClient(
    service,
    protocol === "connect" ? connectTransport(port) : grpcWebTransport(port),
  );
}

/** grpcurl from $GRPCURL, ~/go/bin or PATH; a missing binary fails loudly, tests are not skipped. */
export function findGrpcurl(): string {
  const candidates = [process.env.GRPCURL, join(homedir(), "go", "bin", "grpcurl")];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    const found = execFileSync("sh", ["-c", "command -v grpcurl"], { encoding: "utf8" }).trim();
    if (found) return found;
  } catch {
    // not on PATH
  }
  throw new Error(
    "grpcurl not found (looked at $GRPCURL, ~/go/bin/grpcurl and PATH). Install it with: " +
      "GOFLAGS=-mod=mod go install github.com/fullstorydev/grpcurl/cmd/grpcurl@latest",
  );
}
