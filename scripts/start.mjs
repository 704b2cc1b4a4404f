#!/usr/bin/env node
// `npm start`: builds, then runs command-svc for a local run. Without ORDERLENS_TOKENS it runs in
// development mode (auth off, announced loudly by the server); set tokens to run it as in production.
import { spawn, spawnSync } from "node:child_process";

const build = spawnSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {
  stdio: "inherit",
});
if (build.status !== 0) process.exit(build.status ?? 1);

const env = { ...process.env };
if (!env.ORDERLENS_TOKENS && env.ORDERLENS_AUTH_DISABLED === undefined)
  env.ORDERLENS_AUTH_DISABLED = "true";

const child = spawn(process.execPath, ["apps/command-svc/dist/cli.js", "serve"], {
  stdio: "inherit",
  env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
