import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { apps, readsOf, repoRoot } from "./service-variables.js";

// The README's configuration tables are generated from the services' schemas by
// scripts/config-docs.mjs (npm run docs:config); this keeps CI from accepting a stale one.
const script = join(repoRoot, "scripts", "config-docs.mjs");
const run = (...args: string[]) =>
  spawnSync(process.execPath, [script, ...args], { encoding: "utf8", timeout: 60_000 });
const scratch = mkdtempSync(join(tmpdir(), "orderlens-config-docs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("README.md configuration tables", () => {
  it("are what the configuration schemas generate", () => {
    const result = run("--check");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("command-svc, query-svc, projector, meili-stand-in");
  });

  it("fail the check when stale, and the script rewrites them", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const copy = join(scratch, "README.md");
    writeFileSync(copy, readme.replace("| `PROJECTOR_PORT`", "| `PROJECTOR_PORTS`"));
    const check = run("--check", "--readme", copy);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("stale configuration tables");
    expect(check.stderr).toContain("projector");
    expect(run("--readme", copy).status).toBe(0);
    expect(readFileSync(copy, "utf8")).toBe(readme);
  });
});

describe("--help of each service's CLI", () => {
  it("lists every variable its configuration schema reads", () => {
    for (const app of apps) {
      const cli = join(repoRoot, "apps", app, "dist", "cli.js");
      const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
      expect(help.status, app).toBe(0);
      expect(help.stderr, app).toContain("environment (variable, default, meaning):");
      const listed = help.stderr.split("\n").map((line) => line.trim().split(/\s+/)[0]);
      expect(listed, app).toEqual(expect.arrayContaining([...readsOf(app)]));
    }
  });
});
