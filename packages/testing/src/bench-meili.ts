import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { getFreePort } from "./free-port.js";
import { findMeiliBinary, type MeiliEngine, startRealMeili } from "./test-meili.js";
import { waitFor } from "./wait-for.js";

/** A Meilisearch a benchmark runs against, in a process of its own so its CPU can be read. */
export interface BenchMeili {
  readonly engine: MeiliEngine;
  readonly url: string;
  readonly masterKey: string;
  readonly pid: number | undefined;
  close(): Promise<void>;
}

/**
 * The engines a benchmark measures, in this order: BENCH_MEILI is `stand-in`, `real` or `both`;
 * unset, both when the machine has a real Meilisearch (MEILI_BIN or PATH), else the stand-in.
 * Measuring both in one run is the point: the machine is shared, so only same-run figures compare.
 */
export function benchMeiliEngines(env: NodeJS.ProcessEnv = process.env): MeiliEngine[] {
  const value = env.BENCH_MEILI?.trim() || "auto";
  switch (value) {
    case "stand-in":
    case "real":
      return [value];
    case "both":
      return ["stand-in", "real"];
    case "auto":
      return findMeiliBinary(env) ? ["stand-in", "real"] : ["stand-in"];
    default:
      throw new Error(
        `BENCH_MEILI must be stand-in, real or both (unset: both when a meilisearch runs), got ${JSON.stringify(value)}`,
      );
  }
}

/** Starts `engine` as a process on a free port; the stand-in is started through its bin. */
export async function startBenchMeili(
  engine: MeiliEngine,
  options: { standInBin: string; masterKey?: string },
): Promise<BenchMeili> {
  const masterKey = options.masterKey ?? "orderlens-bench-master-key";
  if (engine === "real") return startRealMeili(masterKey);
  const port = await getFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [options.standInBin], {
    env: {
      ...process.env,
      MEILI_PORT: String(port),
      MEILI_MASTER_KEY: masterKey,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitFor(
    async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok || undefined,
    { timeoutMs: 30_000, description: `the stand-in at ${url} to be healthy` },
  );
  return { engine, url, masterKey, pid: child.pid, close: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}
