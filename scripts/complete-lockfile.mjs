#!/usr/bin/env node
// The npm registry reachable from these machines serves only this platform's builds of packages
// that ship native binaries (biome, turbo, buf ...), so `npm install` leaves the other platforms'
// optional dependencies out of package-lock.json, and `npm ci` then refuses the lock as "out of
// sync". This adds a stub entry (version, optional) for each missing one. npm ci skips optional
// packages it cannot fetch, so the stubs cost nothing; on an unrestricted registry a plain
// `npm install` rewrites them with full entries.
import { readFileSync, writeFileSync } from "node:fs";

const path = process.argv[2] ?? "package-lock.json";
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location}/node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const version = String(range).replace(/^[\^~=]/, "");
    packages[hoisted] = { version, optional: true };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries to ${path}`);
