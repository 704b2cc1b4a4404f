#!/usr/bin/env node
// `npm start`: brings up MariaDB and RabbitMQ (deploy/local/start-services.sh), builds, then runs
// command-svc, the projector and query-svc (and the Meilisearch stand-in when MEILI_URL is unset)
// and the dashboard's static server as child processes, until Ctrl-C. Without ORDERLENS_TOKENS it runs in
// development mode (auth off, announced loudly by each service).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { packageBin } from "./package-bin.mjs";

/** Runs a setup command to completion, or exits with its status. */
function runOrExit(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// MariaDB, RabbitMQ and the accounts: installed if missing, started if stopped. Set
// START_LOCAL_SERVICES=false when MYSQL_URL and AMQP_URL point at servers you run yourself.
if (process.env.START_LOCAL_SERVICES !== "false") {
  runOrExit("bash", ["deploy/local/start-services.sh"]);
}
runOrExit("npx", ["turbo", "run", "build", "--output-logs=errors-only"]);

const env = { ...process.env };
if (!env.ORDERLENS_TOKENS && env.ORDERLENS_AUTH_DISABLED === undefined) {
  env.ORDERLENS_AUTH_DISABLED = "true";
}
// Local runs accept command times from clients, so `npm run demo` can spread orders over a year.
if (env.ALLOW_CLIENT_COMMAND_TIME === undefined) env.ALLOW_CLIENT_COMMAND_TIME = "true";
// The dashboard calls the three services from its own origin: CORS allows exactly that one.
const dashboardOrigin = `http://localhost:${env.DASHBOARD_PORT || "8080"}`;
if (env.CORS_ORIGINS === undefined) env.CORS_ORIGINS = dashboardOrigin;
const services = [];
if (!env.MEILI_URL) {
  mkdirSync(".data", { recursive: true });
  env.MEILI_URL = "http://127.0.0.1:7700";
  console.warn(
    "!!! MEILI_URL is not set: starting the Meilisearch stand-in on 127.0.0.1:7700 (tests and local runs only; production uses real Meilisearch) !!!",
  );
  services.push({
    name: "meili-stand-in",
    bin: packageBin("@orderlens/meili-stand-in", "meili-stand-in"),
    env: { MEILI_SNAPSHOT: ".data/meili-snapshot.json" },
  });
}
services.push(
  {
    name: "command-svc",
    bin: packageBin("@orderlens/command-svc", "orderlens-command-svc"),
    args: ["serve"],
  },
  {
    name: "projector",
    bin: packageBin("@orderlens/projector", "orderlens-projector"),
    args: ["serve"],
  },
  {
    name: "query-svc",
    bin: packageBin("@orderlens/query-svc", "orderlens-query-svc"),
    args: ["serve"],
  },
  // Prints its URL (DASHBOARD_PORT, default 8080) once it listens.
  {
    name: "dashboard",
    bin: packageBin("@orderlens/dashboard", "orderlens-dashboard"),
    args: [],
  },
);

const children = services.map((s) =>
  spawn(process.execPath, [s.bin, ...(s.args ?? [])], {
    stdio: "inherit",
    env: { ...env, ...s.env },
  }),
);
const isStandIn = (i) => services[i]?.name === "meili-stand-in";
const exitOf = (c) =>
  c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once("exit", r)) : null;
let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  // The services first, the stand-in last, so their last pushes can land.
  const apps = children.filter((_, i) => !isStandIn(i));
  for (const child of apps) child.kill(signal);
  await Promise.all(apps.map(exitOf));
  for (const [i, child] of children.entries()) if (isStandIn(i)) child.kill(signal);
};
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stop(signal));
let exited = 0;
for (const [i, child] of children.entries()) {
  child.on("exit", (code) => {
    exited++;
    if (!stopping) {
      console.error(`${services[i]?.name} exited (${code}); stopping the others`);
      void stop("SIGTERM");
    }
    if (exited === children.length) process.exit(stopping ? 0 : 1);
  });
}
