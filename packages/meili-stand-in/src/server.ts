import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, type Logger } from "@orderlens/server";
import { Engine } from "./engine.js";
import { createRequestHandler } from "./request-handler.js";
import { createRouter } from "./router.js";
import { documentRoutes } from "./routes-documents.js";
import { indexRoutes } from "./routes-indexes.js";
import { keyRoutes } from "./routes-keys.js";
import { searchRoutes } from "./routes-search.js";
import { settingsRoutes } from "./routes-settings.js";
import { taskRoutes } from "./routes-tasks.js";
import { unsupportedRoutes } from "./routes-unsupported.js";
import { createSnapshotWriter, loadSnapshot } from "./snapshot.js";

export type MeiliStandInOptions = {
  port?: number;
  host?: string;
  masterKey?: string;
  snapshotPath?: string;
  /** Meilisearch's default is 100 MB; tests lower it to exercise `payload_too_large`. */
  maxPayloadBytes?: number;
  /** Defaults to the project's JSON-lines logger, service `meili-stand-in`. */
  logger?: Logger;
};

export type MeiliStandIn = { url: string; port: number; close(): Promise<void> };

const SERVICE = "meili-stand-in";
const DEFAULT_PAYLOAD_LIMIT = 100 * 1024 * 1024;

/** The project's logger with every line dropped, for tests that start many stand-ins. */

const ROUTES = [
  ...indexRoutes,
  ...documentRoutes,
  ...settingsRoutes,
  ...searchRoutes,
  ...taskRoutes,
  ...keyRoutes,
  ...unsupportedRoutes,
];

/** The engine, restored from `snapshotPath` when given, with a writer that keeps it saved. */
async function openEngine(
  masterKey: string | null,
  snapshotPath: string | undefined,
  logger: Logger,
) {
  let snapshot: ReturnType<typeof createSnapshotWriter> | null = null;
  const engine = new Engine(masterKey, () => snapshot?.schedule());
  if (snapshotPath) {
    const restored = await loadSnapshot(engine, snapshotPath);
    snapshot = createSnapshotWriter(engine, snapshotPath);
    logger.info("snapshot", { path: snapshotPath, restored });
  }
  return { engine, snapshot };
}

async function listen(server: Server, port: number, host: string) {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { port: bound, url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}` };
}

export async function startMeiliStandIn(options: MeiliStandInOptions = {}): Promise<MeiliStandIn> {
  const logger = options.logger ?? createLogger({ service: SERVICE });
  const host = options.host ?? "127.0.0.1";
  const masterKey =
    options.masterKey === undefined || options.masterKey === "" ? null : options.masterKey;
  const { engine, snapshot } = await openEngine(masterKey, options.snapshotPath, logger);
  const router = createRouter(ROUTES, options.maxPayloadBytes ?? DEFAULT_PAYLOAD_LIMIT);
  const handle = createRequestHandler(engine, router, logger);
  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 5_000;
  const { url, port } = await listen(server, options.port ?? 7700, host);
  logger.info("started", {
    url,
    message:
      "Meilisearch stand-in for tests and local runs only; production uses real Meilisearch.",
    auth: masterKey === null ? "open (no master key)" : "master key required",
    snapshotPath: options.snapshotPath ?? null,
  });

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    close(): Promise<void> {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await engine.tasks.idle();
        await snapshot?.flush();
        logger.info("stopped", { url });
      })();
      return closing;
    },
  };
}
