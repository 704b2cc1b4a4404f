// Which Meilisearch `npm start` runs when MEILI_URL is unset: a real `meilisearch` when the machine
// has one (MEILI_BIN, else PATH), otherwise the stand-in. A real server keeps its data in
// .data/meili and is locked with a development master key generated once and kept beside it, so
// a restart finds the same indexes and the same key.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const LOCAL_MEILI_URL = "http://127.0.0.1:7700";

/**
 * Meilisearch sizes the buffers of every indexing batch from its indexing memory (by default two
 * thirds of the machine's RAM), and sets them up anew per batch: on a 24 GiB machine that cost
 * about 540 ms per documents task, however small, against about 50 ms at 256 MiB (measured on
 * 1.50). orderlens writes many small batches, so the local server gets the small budget unless
 * MEILI_MAX_INDEXING_MEMORY says otherwise.
 */
export const DEFAULT_MAX_INDEXING_MEMORY = "256MiB";

/** The real Meilisearch executable to run, or undefined when the machine has none. */
export function findMeiliBinary(env = process.env) {
  const explicit = env.MEILI_BIN?.trim();
  const bin = explicit || "meilisearch";
  const probe = spawnSync(bin, ["--version"], { encoding: "utf8", env });
  if (probe.status === 0) return { bin, version: probe.stdout.trim() };
  // A MEILI_BIN that does not run is a mistake to report, not a reason to fall back quietly.
  if (explicit) throw new Error(`MEILI_BIN=${explicit} does not run (${probeError(probe)})`);
  return undefined;
}

function probeError(probe) {
  if (probe.error) return probe.error.message;
  return `exit ${probe.status}: ${(probe.stderr || "").trim().split("\n")[0]}`;
}

/** The development master key for .data/meili, generated on first use (32 random bytes, hex). */
export function devMasterKey(dataDir) {
  const file = join(dataDir, "master-key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString("hex");
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** The command line of a real Meilisearch on 127.0.0.1:7700 with its data under dataDir. */
export function realMeiliArgs(dataDir, masterKey) {
  return [
    "--http-addr",
    "127.0.0.1:7700",
    "--db-path",
    join(dataDir, "data.ms"),
    "--dump-dir",
    join(dataDir, "dumps"),
    "--snapshot-dir",
    join(dataDir, "snapshots"),
    "--master-key",
    masterKey,
    "--env",
    "development",
    "--no-analytics",
  ];
}

/**
 * The Meilisearch service for `npm start`: { engine, command, args, ownEnv, serviceEnv, announce }:
 * ownEnv is added to the server's own environment, serviceEnv to the orderlens services' (how to
 * reach it).
 */
export function localMeili({ env = process.env, dataDir, standInBin }) {
  const found = findMeiliBinary(env);
  if (found) {
    const masterKey = devMasterKey(join(dataDir, "meili"));
    return {
      engine: "real",
      command: found.bin,
      args: realMeiliArgs(join(dataDir, "meili"), masterKey),
      ownEnv: {
        MEILI_MAX_INDEXING_MEMORY:
          env.MEILI_MAX_INDEXING_MEMORY?.trim() || DEFAULT_MAX_INDEXING_MEMORY,
      },
      serviceEnv: { MEILI_URL: LOCAL_MEILI_URL, MEILI_MASTER_KEY: masterKey },
      announce: `MEILI_URL is not set: starting ${found.version} (${found.bin}) on 127.0.0.1:7700, data in ${join(dataDir, "meili")}, development master key in ${join(dataDir, "meili", "master-key")}`,
    };
  }
  return {
    engine: "stand-in",
    command: process.execPath,
    args: [standInBin],
    ownEnv: { MEILI_SNAPSHOT: join(dataDir, "meili-snapshot.json") },
    serviceEnv: { MEILI_URL: LOCAL_MEILI_URL },
    announce:
      "!!! MEILI_URL is not set and no meilisearch is on PATH (or at MEILI_BIN): starting the Meilisearch stand-in on 127.0.0.1:7700 (tests and local runs only; production uses real Meilisearch) !!!",
  };
}

/** Resolves once GET /health answers 200, or rejects after timeoutMs. */
export async function waitForMeiliHealth(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/health`).catch(() => undefined);
    if (res?.ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Meilisearch at ${url} was not healthy within ${timeoutMs} ms`);
}
