import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@orderlens/server";
import { assertIndexUid, type Engine } from "./engine.js";
import { MeiliError } from "./errors.js";
import { sendJson } from "./http-io.js";
import type { Router } from "./router.js";

/** Finds the route, checks the key, runs the handler and sends its reply. */
async function dispatch(
  engine: Engine,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://stand-in");
  const match = router.match(method, url.pathname);
  if (match === null || match === "wrong-method") {
    throw new MeiliError(
      match === null ? 404 : 405,
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
}

/** The HTTP handler: Meilisearch-shaped errors for bad requests, a logged 500 for bugs. */
export function createRequestHandler(engine: Engine, router: Router, logger: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await dispatch(engine, router, req, res);
    } catch (e) {
      if (e instanceof MeiliError) {
        sendJson(res, e.status, e.toBody());
        return;
      }
      logger.error("internal_error", { method: req.method ?? "GET", url: req.url, error: e });
      const internal = new MeiliError(
        500,
        "internal",
        "Internal error in the Meilisearch stand-in.",
        "internal",
      );
      sendJson(res, 500, internal.toBody());
    }
  };
}
