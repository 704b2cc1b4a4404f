// The dashboard's own small HTTP server: the built files, a runtime /config.json, and the
// single-page fallback (any other path without a file extension is the app's index.html, so a
// shared /search?region=eu link works on a cold load).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RuntimeConfig } from "../shared/runtime-config.js";
import { loadStaticFiles, type StaticFile, toStaticFile } from "./static-files.js";

const htmlFile = (body: Buffer) => toStaticFile("/index.html", body);

export interface DashboardServerOptions {
  /** The Vite build (dist/public). */
  root: string;
  config: RuntimeConfig;
}

export interface DashboardServer {
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

/** The services the page may call, and nothing else: a strict policy costs nothing here. */
export function contentSecurityPolicy(config: RuntimeConfig): string {
  const origins = [config.commandUrl, config.queryUrl, config.projectorUrl].map(
    (url) => new URL(url).origin,
  );
  return [
    "default-src 'self'",
    `connect-src 'self' ${[...new Set(origins)].join(" ")}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  file: StaticFile,
  cacheControl: string,
): void {
  res.setHeader("Cache-Control", cacheControl);
  res.setHeader("ETag", file.etag);
  res.setHeader("Content-Type", file.contentType);
  res.setHeader("Vary", "Accept-Encoding");
  if (req.headers["if-none-match"] === file.etag) {
    res.writeHead(304).end();
    return;
  }
  const gzip = file.gzip !== undefined && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
  const body = gzip && file.gzip ? file.gzip : file.body;
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  res.setHeader("Content-Length", body.length);
  res.writeHead(200).end(req.method === "HEAD" ? undefined : body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
  });
  res.end(text);
}

/** The URL's path, decoded, or undefined when it is malformed or tries to leave the root. */
function requestPath(url: string | undefined): string | undefined {
  try {
    const path = decodeURIComponent(new URL(url ?? "/", "http://dashboard").pathname);
    return path.includes("\0") || path.split("/").includes("..") ? undefined : path;
  } catch {
    return undefined;
  }
}

/**
 * index.html with the runtime config inlined as inert JSON (never executed, so the strict
 * script-src holds), saving the page a round trip before its first call.
 */
export function withInlineConfig(html: Buffer, config: RuntimeConfig): Buffer {
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  const tag = `<script id="orderlens-config" type="application/json">${json}</script>`;
  return Buffer.from(html.toString("utf8").replace("</head>", `${tag}\n  </head>`));
}

function createHandler(options: DashboardServerOptions) {
  const files = loadStaticFiles(options.root);
  const index = htmlFile(
    withInlineConfig((files.get("/index.html") as StaticFile).body, options.config),
  );
  const csp = contentSecurityPolicy(options.config);
  const configFile = toStaticFile("/config.json", Buffer.from(JSON.stringify(options.config)));
  return (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      sendText(res, 405, "method not allowed\n");
      return;
    }
    const path = requestPath(req.url);
    if (path === undefined) return sendText(res, 400, "bad path\n");
    if (path === "/config.json") return send(req, res, configFile, "no-store");
    const file = files.get(path);
    if (file && path !== "/index.html") {
      return send(
        req,
        res,
        file,
        file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
      );
    }
    // A missing asset is a 404, never the page: a browser must not run HTML as a script.
    if (path.startsWith("/assets/") || /\.[a-z0-9]+$/i.test(path)) {
      return sendText(res, 404, "not found\n");
    }
    res.setHeader("Content-Security-Policy", csp);
    send(req, res, index, "no-cache");
  };
}

export function createDashboardServer(options: DashboardServerOptions): DashboardServer {
  const server: Server = createServer(createHandler(options));
  return {
    listen(port, host = "0.0.0.0") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const actual = (server.address() as AddressInfo).port;
          const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
          resolve({ port: actual, url: `http://${shown}:${actual}` });
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
