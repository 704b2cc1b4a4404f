// The built dashboard, read once into memory with a gzip copy of each compressible file: the
// whole build is a few hundred kilobytes, and serving from memory keeps the server trivial.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const compressible = new Set([".html", ".js", ".mjs", ".css", ".json", ".map", ".svg", ".txt"]);

export interface StaticFile {
  body: Buffer;
  /** Present when gzip makes the file smaller. */
  gzip: Buffer | undefined;
  contentType: string;
  etag: string;
  /** Vite puts content-hashed files under /assets/: their URL changes whenever they do. */
  immutable: boolean;
}

export function contentTypeOf(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? "application/octet-stream";
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** One file to serve from memory, at `urlPath`. */
export function toStaticFile(urlPath: string, body: Buffer): StaticFile {
  const gzip = compressible.has(extname(urlPath)) ? gzipSync(body, { level: 9 }) : undefined;
  return {
    body,
    gzip: gzip !== undefined && gzip.length < body.length ? gzip : undefined,
    contentType: contentTypeOf(urlPath),
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
    immutable: urlPath.startsWith("/assets/"),
  };
}

/** Every file under `root`, keyed by its URL path ("/index.html", "/assets/index-3f2a.js"). */
export function loadStaticFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const path of filesUnder(root)) {
    const urlPath = `/${relative(root, path).split(sep).join("/")}`;
    files.set(urlPath, toStaticFile(urlPath, readFileSync(path)));
  }
  if (!files.has("/index.html")) {
    throw new Error(`${root} holds no index.html: build the dashboard first (npm run build)`);
  }
  return files;
}
