#!/usr/bin/env node
// `node scripts/run-bin.mjs <package> <bin> [args...]`: runs a workspace package's bin with this
// Node, passing the arguments, signals and exit status through. Root npm scripts use it (e.g.
// `npm run demo`), since npm links no bins for the workspaces themselves.
import { spawn } from "node:child_process";
import { packageBin } from "./package-bin.mjs";

const [packageName, binName, ...args] = process.argv.slice(2);
if (!packageName || !binName) {
  console.error("usage: node scripts/run-bin.mjs <package> <bin> [args...]");
  process.exit(2);
}
const child = spawn(process.execPath, [packageBin(packageName, binName), ...args], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
