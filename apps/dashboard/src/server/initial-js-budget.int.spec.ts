// The budget for what a first visit downloads before the dashboard can run: the JavaScript that
// the built index.html loads (its module script and modulepreloads), gzipped as served.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const budgetBytes = 300 * 1024;
/** The Vite build (npm run build), which the test task runs first. */
const builtDashboardDir = resolve(import.meta.dirname, "../../dist/public");

/** The JavaScript URLs an HTML page loads before anything runs. */
function initialScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)];
  const preloads = [...html.matchAll(/<link[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)];
  return [...new Set([...scripts, ...preloads].map((m) => m[1] ?? ""))];
}

describe("initial JavaScript", () => {
  it(`stays within ${budgetBytes / 1024} KiB gzipped`, () => {
    const html = readFileSync(join(builtDashboardDir, "index.html"), "utf8");
    const scripts = initialScripts(html);
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((src) => {
      const body = readFileSync(join(builtDashboardDir, src.replace(/^\//, "")));
      return { src, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
    });
    const total = sizes.reduce((n, s) => n + s.gzip, 0);
    for (const s of sizes) console.log(`${s.src}: ${s.raw} bytes, ${s.gzip} gzipped`);
    console.log(
      `initial JavaScript: ${(total / 1024).toFixed(1)} KiB gzipped (budget ${budgetBytes / 1024} KiB)`,
    );
    expect(total).toBeLessThanOrEqual(budgetBytes);
  });
});
