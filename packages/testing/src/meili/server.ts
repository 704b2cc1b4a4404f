import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, type Logger } from "@orderlens/server";
import { assertIndexUid, Engine } from "./engine.js";
import { MeiliError } from "./errors.js";
import { sendJson } from "./http-io.js";
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
  /** JSON lines on stdout by default; `silentLogger` for tests. */
  logger?: Logger;
};

export type MeiliStandIn = { url: string; port: number; close(): Promise<void> };

const DEFAULT_PAYLOAD_LIMIT = 100 * 1024 * 1024;

export async function startMeiliStandIn(options: MeiliStandInOptions = {}): Promise<MeiliStandIn> {
  const logger = options.logger ?? createLogger({ service: "meili-stand-in" });
  const host = options.host ?? "127.0.0.1";
  const masterKey =
    options.masterKey === undefined || options.masterKey === "" ? null : options.masterKey;
  let snapshot: ReturnType<typeof createSnapshotWriter> | null = null;
  const engine = new Engine(masterKey, () => snapshot?.schedule());
  if (options.snapshotPath) {
    const restored = await loadSnapshot(engine, options.snapshotPath);
    snapshot = createSnapshotWriter(engine, options.snapshotPath);
    logger.info("snapshot", { path: options.snapshotPath, restored });
  }
  const router = createRouter(
    [
      ...indexRoutes,
      ...documentRoutes,
      ...settingsRoutes,
      ...searchRoutes,
      ...taskRoutes,
      ...keyRoutes,
      ...unsupportedRoutes,
    ],
    options.maxPayloadBytes ?? DEFAULT_PAYLOAD_LIMIT,
  );

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? "GET";
    try {
      const url = new URL(req.url ?? "/", "http://stand-in");
      const match = router.match(method, url.pathname);
      if (match === null || match === "wrong-method") {
        const status = match === null ? 404 : 405;
        throw new MeiliError(
          status,
          match === null ? "not_found" : "method_not_allowed",
          `The Meilisearch stand-in has no route \`${method} ${url.pathname}\`.`,
        );
      }
      const { route, params } = match;
      const allowed =
        route.action === null
          ? ["*"]
          : engine.keys.authorize(req.headers.authorization, {
              action: route.action,
              indexUid: params.uid ?? null,
            });
      if (params.uid !== undefined) assertIndexUid(params.uid);
      const reply = await route.handler({
        engine,
        req,
        url,
        params,
        allowed,
        body: router.bodyReader(req),
      });
      sendJson(res, reply.status, reply.body);
    } catch (e) {
      if (e instanceof MeiliError) {
        sendJson(res, e.status, e.toBody());
        return;
      }
      logger.error("internal_error", {
        method,
        url: req.url,
        error: e instanceof Error ? e.stack : String(e),
      });
      sendJson(
        res,
        500,
        new MeiliError(
          500,
          "internal",
          "Internal error in the Meilisearch stand-in.",
          "internal",
        ).toBody(),
      );
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 7700, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
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
