import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RuntimeConfig } from "../shared/runtime-config.js";
import { createDashboardServer, type DashboardServer } from "./static-server.js";

const config: RuntimeConfig = {
  commandUrl: "http://localhost:50051",
  queryUrl: "http://localhost:50052",
  projectorUrl: "http://ops.example:50053",
  authRequired: true,
  pollIntervalMs: 2_000,
  streamRetryMs: 30_000,
};
const script = `console.log(${JSON.stringify("x".repeat(2_000))});`;
let root: string;
let server: DashboardServer;
let base: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "dashboard-static-"));
  mkdirSync(join(root, "assets"));
  writeFileSync(
    join(root, "index.html"),
    "<!doctype html><html><head><title>t</title></head><body></body></html>",
  );
  writeFileSync(join(root, "assets", "index-abc123.js"), script);
  writeFileSync(join(root, "assets", "index-abc123.css"), "body{}");
  writeFileSync(join(root, "robots.txt"), "User-agent: *\n");
  server = createDashboardServer({ root, config });
  base = (await server.listen(0, "127.0.0.1")).url;
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe("the dashboard's static server", () => {
  it("serves hashed assets with their content type, compressed, cached for good", async () => {
    const res = await fetch(`${base}/assets/index-abc123.js`, {
      headers: { "accept-encoding": "gzip" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toBe(script);
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>(
      (resolve, reject) => {
        import("node:http").then(({ get }) =>
          get(`${base}/assets/index-abc123.js`, { headers: { "accept-encoding": "gzip" } }, (r) => {
            const chunks: Buffer[] = [];
            r.on("data", (c: Buffer) => chunks.push(c));
            r.on("end", () =>
              resolve({ encoding: r.headers["content-encoding"], body: Buffer.concat(chunks) }),
            );
          }).on("error", reject),
        );
      },
    );
    expect(raw.encoding).toBe("gzip");
    expect(gunzipSync(raw.body).toString()).toBe(script);
    const css = await fetch(`${base}/assets/index-abc123.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("answers a repeated request with 304 on a matching ETag", async () => {
    const first = await fetch(`${base}/robots.txt`);
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const etag = first.headers.get("etag") ?? "";
    const again = await fetch(`${base}/robots.txt`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("falls back to the app for client-side routes, with the config inlined and a strict CSP", async () => {
    for (const path of ["/", "/search?region=eu-west", "/orders/o-1", "/operations"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      const html = await res.text();
      expect(html).toContain(
        `<script id="orderlens-config" type="application/json">${JSON.stringify(config)}</script>`,
      );
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain(
        "connect-src 'self' http://localhost:50051 http://localhost:50052 http://ops.example:50053",
      );
    }
  });

  it("serves the runtime config as JSON, never cached", async () => {
    const res = await fetch(`${base}/config.json`);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual(config);
  });

  it("answers 404 for missing files, never the page, and refuses other methods and escapes", async () => {
    expect((await fetch(`${base}/assets/gone-123.js`)).status).toBe(404);
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(404);
    const post = await fetch(`${base}/`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    // Dot segments are resolved before lookup, and only the build's own files are ever served.
    const dotted = await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`);
    expect(await dotted.text()).toContain("orderlens-config");
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400);
    const head = await fetch(`${base}/assets/index-abc123.js`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("refuses to start without a build", () => {
    expect(() => createDashboardServer({ root: join(root, "assets"), config })).toThrow(
      /no index.html/,
    );
  });
});
