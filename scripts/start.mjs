#!/usr/bin/env node
// `npm start`: brings up MariaDB and RabbitMQ (deploy/local/start-services.sh), builds, then runs
// command-svc, the projector and query-svc (and, when MEILI_URL is unset, a real meilisearch from
// MEILI_BIN or PATH, else the stand-in)
// and the dashboard's static server as child processes, until Ctrl-C. Without ORDERLENS_TOKENS it runs in
// development mode (auth off, announced loudly by each service).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { localMeili, waitForMeiliHealth } from "./local-meili.mjs";
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
  const meili = localMeili({
    env,
    dataDir: ".data",
    standInBin: packageBin("@orderlens/meili-stand-in", "meili-stand-in"),
  });
  mkdirSync(".data", { recursive: true });
  if (meili.engine === "real") console.log(`start: ${meili.announce}`);
  else console.warn(meili.announce);
  Object.assign(env, meili.serviceEnv);
  services.push({
    name: meili.engine === "real" ? "meilisearch" : "meili-stand-in",
    meili: true,
    command: meili.command,
    args: meili.args,
    env: meili.ownEnv,
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

const spawnService = (s) =>
  spawn(s.command ?? process.execPath, s.command ? s.args : [s.bin, ...(s.args ?? [])], {
    stdio: "inherit",
    env: { ...env, ...s.env },
  });
// Meilisearch first, and healthy, so the projector's first sync does not race its startup.
const children = [];
if (services[0]?.meili) {
  children.push(spawnService(services[0]));
  await waitForMeiliHealth(env.MEILI_URL).catch((error) => {
    console.error(`start: ${error.message}`);
    children[0]?.kill("SIGTERM");
    process.exit(1);
  });
}
for (const s of services.slice(children.length)) children.push(spawnService(s));
const isMeili = (i) => services[i]?.meili === true;
const exitOf = (c) =>
  c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once("exit", r)) : null;
let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  // The services first, Meilisearch last, so their last pushes can land.
  const apps = children.filter((_, i) => !isMeili(i));
  for (const child of apps) child.kill(signal);
  await Promise.all(apps.map(exitOf));
  for (const [i, child] of children.entries()) if (isMeili(i)) child.kill(signal);
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
