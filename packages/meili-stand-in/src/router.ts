import type { IncomingMessage } from "node:http";
import type { Engine } from "./engine.js";
import type { BodyKind } from "./http-io.js";
import { decodeJson, readBody } from "./http-io.js";

export type Reply = { status: number; body?: unknown };

export type Ctx = {
  engine: Engine;
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  /** Index patterns the caller's key allows (`["*"]` for the master key or no auth). */
  allowed: string[];
  body(kind?: BodyKind): Promise<unknown>;
};

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export type Route = {
  method: string;
  path: string;
  /** Key action required; `null` for public routes such as /health. */
  action: string | null;
  handler: Handler;
};

type Compiled = Route & { segments: string[] };

export type Router = ReturnType<typeof createRouter>;

/** Minimal router: `:name` segments, auth checked before the body is read. */
export function createRouter(routes: Route[], maxPayloadBytes: number) {
  const compiled: Compiled[] = routes.map((r) => ({
    ...r,
    segments: r.path.split("/").filter(Boolean),
  }));
  return {
    match(
      method: string,
      pathname: string,
    ): { route: Compiled; params: Record<string, string> } | "wrong-method" | null {
      const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
      let pathMatched = false;
      for (const route of compiled) {
        if (route.segments.length !== parts.length) continue;
        const params: Record<string, string> = {};
        let ok = true;
        for (let i = 0; i < parts.length; i++) {
          const seg = route.segments[i] as string;
          const part = parts[i] as string;
          if (seg.startsWith(":")) params[seg.slice(1)] = part;
          else if (seg !== part) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        pathMatched = true;
        if (route.method === method) return { route, params };
      }
      return pathMatched ? "wrong-method" : null;
    },
    bodyReader(req: IncomingMessage): (kind?: BodyKind) => Promise<unknown> {
      return async (kind = "json") => decodeJson(req, await readBody(req, maxPayloadBytes), kind);
    },
  };
}
