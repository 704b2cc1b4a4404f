// What the query benches share: the Meilisearch servers they measure one at a time, and
// query-svc as a process over one of them, so the CPU of each process can be read.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createIndexNames, type IndexNames, indexSettings } from "@orderlens/meili-indexes";
import {
  benchMeiliEngines,
  getFreePort,
  packageBin,
  startBenchMeili,
  waitFor,
} from "@orderlens/testing";
import { Meilisearch } from "meilisearch";

// e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the servers under load.
const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];

/** A Meilisearch to seed and query: one the bench started (its pid known), or MEILI_URL's. */
export interface MeiliTarget {
  label: string;
  url: string;
  key: string | undefined;
  pid: number | undefined;
  names: IndexNames;
  /** Deletes what the bench wrote, on a server it does not own. */
  cleanup(): Promise<void>;
  close(): Promise<void>;
}

/** The official client on `target` (the benches seed through it). */
export function meiliClient(target: MeiliTarget): Meilisearch {
  return new Meilisearch({ host: target.url, ...(target.key ? { apiKey: target.key } : {}) });
}

/** Server processes a bench started; stop() ends them and waits until they exited. */
export class Children {
  readonly #all: ChildProcess[] = [];

  /** Spawns a node server and resolves with its pid once `url` answers. */
  async spawnReady(args: string[], env: NodeJS.ProcessEnv, url: string): Promise<number> {
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "inherit"],
    });
    this.#all.push(child);
    await waitFor(async () => (await fetch(url).catch(() => undefined))?.ok || undefined, {
      timeoutMs: 30_000,
    });
    if (child.pid === undefined) throw new Error(`${args.join(" ")} did not start`);
    return child.pid;
  }

  async stop(): Promise<void> {
    for (const c of this.#all) c.kill("SIGTERM");
    await Promise.all(this.#all.map((c) => (c.exitCode === null ? once(c, "exit") : null)));
  }
}

/** query-svc as a process over `target` (already seeded), with `env` on top of the bench's. */
export async function spawnQuerySvc(
  children: Children,
  target: MeiliTarget,
  env: NodeJS.ProcessEnv = {},
): Promise<{ pid: number; port: number }> {
  const port = await getFreePort();
  const pid = await children.spawnReady(
    [packageBin("@orderlens/query-svc", "orderlens-query-svc"), "serve"],
    {
      QUERY_PORT: String(port),
      QUERY_HOST: "127.0.0.1",
      MEILI_URL: target.url,
      MEILI_API_KEY: target.key ?? "",
      MEILI_INDEX_PREFIX: target.names.orders.replace(/orders$/, ""),
      ORDERLENS_AUTH_DISABLED: "true",
      LOG_LEVEL: "warn",
      ...env,
    },
    `http://127.0.0.1:${port}/readyz`,
  );
  return { pid, port };
}

/**
 * The Meilisearch servers to measure, one at a time: MEILI_URL (with MEILI_MASTER_KEY) alone when
 * set, seeded under a throwaway prefix and cleaned up after; otherwise each engine of
 * BENCH_MEILI (both when the machine has a real one), started by the bench as a process.
 */
export function meiliTargets(): (() => Promise<MeiliTarget>)[] {
  const external = process.env.MEILI_URL?.trim();
  if (external) {
    const key = process.env.MEILI_MASTER_KEY?.trim() || undefined;
    const names = createIndexNames(`bench_${randomBytes(4).toString("hex")}_`);
    return [
      async () => ({
        label: `${external}, index prefix ${names.orders.replace(/orders$/, "")}`,
        url: external,
        key,
        pid: undefined,
        names,
        cleanup: () => deleteIndexes(new Meilisearch({ host: external, apiKey: key }), names),
        close: async () => {},
      }),
    ];
  }
  const standInBin = packageBin("@orderlens/meili-stand-in", "meili-stand-in");
  return benchMeiliEngines().map((engine) => async () => {
    const meili = await startBenchMeili(engine, { standInBin });
    return {
      label: engine === "real" ? "real Meilisearch, spawned" : "the stand-in, spawned",
      url: meili.url,
      key: meili.masterKey,
      pid: meili.pid,
      names: createIndexNames(""),
      cleanup: async () => {},
      close: () => meili.close(),
    };
  });
}

async function deleteIndexes(meili: Meilisearch, names: IndexNames): Promise<void> {
  for (const uid of Object.keys(indexSettings(names))) {
    await meili
      .deleteIndex(uid)
      .waitTask()
      .catch(() => undefined);
  }
}

/** Runs `bench` on each target in turn, closing each before the next starts. */
export async function forEachTarget(bench: (target: MeiliTarget) => Promise<void>): Promise<void> {
  for (const open of meiliTargets()) {
    const target = await open();
    try {
      await bench(target);
    } finally {
      await target.cleanup();
      await target.close();
    }
  }
}
