#!/usr/bin/env node
// `npm run docs:config`: rewrites the configuration tables of README.md from the configuration
// schemas of the services and the Meilisearch stand-in (their built dist/, so build first).
// Each table sits between <!-- config:NAME:start --> and <!-- config:NAME:end -->.
//   --check           exit 1, naming the stale tables, instead of writing (CI runs it in a test)
//   --readme <path>   another file than README.md
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const load = (path) => import(join(root, path));
const { renderEnvTable } = await load("packages/server/dist/index.js");
const sections = {
  "command-svc": (await load("apps/command-svc/dist/index.js")).configSchema,
  "query-svc": (await load("apps/query-svc/dist/index.js")).configSchema,
  projector: (await load("apps/projector/dist/index.js")).configSchema,
  "meili-stand-in": (await load("packages/meili-stand-in/dist/index.js")).standInConfigSchema,
};

const args = process.argv.slice(2);
const check = args.includes("--check");
const readmeAt = args.indexOf("--readme");
const readme = readmeAt >= 0 ? args[readmeAt + 1] : join(root, "README.md");

const before = readFileSync(readme, "utf8");
let after = before;
const stale = [];
for (const [name, schema] of Object.entries(sections)) {
  const start = `<!-- config:${name}:start -->`;
  const end = `<!-- config:${name}:end -->`;
  const from = after.indexOf(start);
  const to = after.indexOf(end);
  if (from < 0 || to < from) {
    console.error(`${readme}: no ${start} ... ${end} markers`);
    process.exit(2);
  }
  const table = `${start}\n\n${renderEnvTable(schema)}\n\n`;
  if (after.slice(from, to) !== table) stale.push(name);
  after = after.slice(0, from) + table + after.slice(to);
}

if (check) {
  if (stale.length > 0) {
    console.error(
      `stale configuration tables in ${readme}: ${stale.join(", ")}; run npm run docs:config`,
    );
    process.exit(1);
  }
  console.log(`configuration tables up to date: ${Object.keys(sections).join(", ")}`);
} else if (after !== before) {
  writeFileSync(readme, after);
  console.log(`rewrote configuration tables in ${readme}: ${stale.join(", ")}`);
} else {
  console.log("configuration tables already up to date");
}
