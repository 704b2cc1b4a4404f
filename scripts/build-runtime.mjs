#!/usr/bin/env node
// `node scripts/build-runtime.mjs <outdir>`: builds the three services and gathers what they run
// into <outdir>: for each service and each workspace it needs at run time (its `dependencies`,
// followed transitively; never devDependencies), the package.json and the files its
// tsconfig.build.json emits from the current sources into dist/. So benchmarks, test harnesses,
// specs, the Meilisearch stand-in and the demo are never gathered, nor any stale file an older
// build left in dist/. node_modules is the caller's business (the Dockerfile copies a pruned
// one). The Dockerfile runs this, and deploy/test/runtime-image.int.spec.ts checks its result;
// it writes nothing in the repository but the build's own outputs.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const repoRoot = resolve(import.meta.dirname, "..");

/** The services the runtime image runs. */
const SERVICES = ["@orderlens/command-svc", "@orderlens/projector", "@orderlens/query-svc"];

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** Every workspace, by package name: its directory relative to the root and its manifest. */
function listWorkspaces() {
  const byName = new Map();
  for (const pattern of readJson(join(repoRoot, "package.json")).workspaces) {
    const parent = pattern.endsWith("/*") ? pattern.slice(0, -2) : null;
    // The Docker build context leaves some workspaces out (deploy/): they are skipped.
    const dirs =
      parent === null
        ? [pattern]
        : existsSync(join(repoRoot, parent))
          ? readdirSync(join(repoRoot, parent), { withFileTypes: true })
              .filter((d) => d.isDirectory())
              .map((d) => join(parent, d.name))
          : [];
    for (const dir of dirs) {
      const manifestPath = join(repoRoot, dir, "package.json");
      if (!existsSync(manifestPath)) continue;
      const manifest = readJson(manifestPath);
      byName.set(manifest.name, { dir, manifest });
    }
  }
  return byName;
}

/** The services and the workspaces their `dependencies` reach, in discovery order. */
function runtimeWorkspaces(workspaces, roots) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    const workspace = workspaces.get(name);
    if (!workspace) throw new Error(`${name} is not a workspace`);
    seen.add(name);
    queue.push(
      ...Object.keys(workspace.manifest.dependencies ?? {}).filter((d) => workspaces.has(d)),
    );
  }
  return [...seen].map((name) => ({ name, ...workspaces.get(name) }));
}

/** The files tsc emits for a workspace's build, relative to the workspace directory. */
function emittedFiles(dir) {
  const config = join(repoRoot, dir, "tsconfig.build.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    config,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(`${config}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
      },
    },
  );
  if (!parsed) throw new Error(`${config} could not be read`);
  return parsed.fileNames.flatMap((file) =>
    ts.getOutputFileNames(parsed, file, false).map((out) => relative(join(repoRoot, dir), out)),
  );
}

function build() {
  const filters = SERVICES.map((name) => `--filter=${name}`);
  const result = spawnSync(
    "npx",
    ["turbo", "run", "build", ...filters, "--output-logs=errors-only"],
    {
      cwd: repoRoot,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  if (result.status !== 0) throw new Error(`the build failed (exit ${result.status})`);
}

/** Copies each runtime workspace's package.json and emitted files into `outDir`. */
function gather(outDir) {
  const copied = [];
  for (const { name, dir } of runtimeWorkspaces(listWorkspaces(), SERVICES)) {
    const files = ["package.json", ...emittedFiles(dir)];
    for (const file of files) {
      const from = join(repoRoot, dir, file);
      if (!existsSync(from)) throw new Error(`${name}: ${file} is missing; build first`);
      const to = join(outDir, dir, file);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
    }
    copied.push({ name, dir, files: files.length });
  }
  return copied;
}

function main() {
  const [outDir] = process.argv.slice(2);
  if (!outDir) {
    console.error("usage: node scripts/build-runtime.mjs <outdir>");
    process.exit(2);
  }
  const target = resolve(outDir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    console.error(`${target} is not empty`);
    process.exit(2);
  }
  build();
  for (const { name, dir, files } of gather(target)) {
    console.log(`${name.padEnd(28)} ${dir.padEnd(24)} ${files} files`);
  }
}

main();
