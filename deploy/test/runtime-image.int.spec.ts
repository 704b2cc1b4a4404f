import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// There is no Docker engine here, so the runtime image's contents are proven by running what its
// build stage runs, scripts/build-runtime.mjs, into a temporary directory and checking what it
// gathered: the files the image copies next to its pruned node_modules.
const repoRoot = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const services = ["command-svc", "projector", "query-svc"];

let out = "";
let files: string[] = [];
let worktreeBefore = { status: "", lock: "" };

async function worktreeState() {
  const { stdout } = await run("git", ["status", "--porcelain", "--ignored=no"], { cwd: repoRoot });
  const lock = readFileSync(join(repoRoot, "node_modules/.package-lock.json"));
  return { status: stdout, lock: createHash("sha256").update(lock).digest("hex") };
}

/** The manifests gathered, by package name, with the directory each was gathered into. */
function gatheredManifests() {
  return new Map(
    files
      .filter((f) => basename(f) === "package.json")
      .map((f) => {
        const manifest = JSON.parse(readFileSync(join(out, f), "utf8")) as {
          name: string;
          bin?: Record<string, string>;
          dependencies?: Record<string, string>;
        };
        return [manifest.name, { dir: f.slice(0, -"/package.json".length), manifest }] as const;
      }),
  );
}

/**
 * node_modules as the image has it: the workspaces' links point at the gathered copies (only
 * those), every other package at this checkout's install.
 */
function linkNodeModules(): void {
  const modules = join(out, "node_modules");
  mkdirSync(join(modules, "@orderlens"), { recursive: true });
  for (const entry of readdirSync(join(repoRoot, "node_modules"))) {
    if (entry === "@orderlens" || entry === ".bin") continue;
    symlinkSync(join(repoRoot, "node_modules", entry), join(modules, entry));
  }
  for (const [name, { dir }] of gatheredManifests()) {
    symlinkSync(join(out, dir), join(modules, name));
  }
}

beforeAll(async () => {
  worktreeBefore = await worktreeState();
  out = mkdtempSync(join(tmpdir(), "orderlens-runtime-"));
  await run(process.execPath, ["scripts/build-runtime.mjs", out], {
    cwd: repoRoot,
    timeout: 600_000,
  });
  files = readdirSync(out, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(out, f)).isFile())
    .sort();
}, 600_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("the runtime image (scripts/build-runtime.mjs)", () => {
  it("holds each service's CLI, the file its bin runs", () => {
    const manifests = gatheredManifests();
    for (const service of services) {
      const cli = `apps/${service}/dist/cli.js`;
      expect(files, cli).toContain(cli);
      const bin = manifests.get(`@orderlens/${service}`)?.manifest.bin ?? {};
      expect(bin[`orderlens-${service}`], `${service}'s bin`).toBe("./dist/cli.js");
    }
  });

  it("holds only package.json and dist/ of apps and packages", () => {
    const stray = files.filter(
      (f) =>
        !/^(apps|packages)\/[\w-]+\/(package\.json|dist\/[\w./-]+\.(js|d\.ts)(\.map)?)$/.test(f),
    );
    expect(stray).toEqual([]);
  });

  it("holds no benchmark, test harness, spec, fixture, stand-in, demo or testing package", () => {
    const forbiddenDirs = ["bench", "dist-bench", "test", "testing", "__fixtures__", "demo"];
    const offending = files.filter(
      (f) =>
        f.split("/").some((segment) => forbiddenDirs.includes(segment)) ||
        /\.spec\./.test(f) ||
        /^(packages\/(testing|meili-stand-in)|tools|tests|deploy)\//.test(f),
    );
    expect(offending).toEqual([]);
    const names = [...gatheredManifests().keys()];
    for (const name of ["@orderlens/testing", "@orderlens/meili-stand-in", "@orderlens/demo"]) {
      expect(names).not.toContain(name);
    }
  });

  it("holds exactly the services and the workspaces their dependencies reach", () => {
    const manifests = gatheredManifests();
    const needed = new Set(services.map((s) => `@orderlens/${s}`));
    for (const { manifest } of manifests.values()) {
      for (const dep of Object.keys(manifest.dependencies ?? {})) {
        if (dep.startsWith("@orderlens/")) needed.add(dep);
      }
    }
    expect([...manifests.keys()].sort()).toEqual([...needed].sort());
  });

  it("runs each service's CLI from the gathered files alone", async () => {
    linkNodeModules();
    for (const service of services) {
      const cli = join(out, "apps", service, "dist/cli.js");
      // `help` loads the CLI's whole module graph, then prints the usage and exits 0.
      const { stderr } = await run(process.execPath, [cli, "help"], { cwd: out, timeout: 60_000 });
      expect(stderr, service).toContain(`orderlens-${service}`);
    }
  });

  it("leaves the worktree as it was (no prune, no install, no stray file)", async () => {
    expect(await worktreeState()).toEqual(worktreeBefore);
    expect(existsSync(join(repoRoot, "node_modules/@orderlens/testing"))).toBe(true);
  });
});
