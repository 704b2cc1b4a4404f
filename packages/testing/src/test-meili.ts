import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getFreePort } from "./free-port.js";
import { waitFor } from "./wait-for.js";

/**
 * The Meilisearch a test runs against: the stand-in by default, a real server (started for the
 * test, on a port and in a data folder of its own) with ORDERLENS_TEST_MEILI=real. The real
 * server is `MEILI_BIN`, else `meilisearch` on PATH.
 */
export type MeiliEngine = "stand-in" | "real";

export interface TestMeili {
  readonly engine: MeiliEngine;
  readonly url: string;
  readonly masterKey: string;
  /** The process serving it (this one for the in-process stand-in), for CPU accounting. */
  readonly pid: number | undefined;
  /** Takes the server down, keeping its port and its data (an outage). */
  stop(): Promise<void>;
  /** Brings it back after stop(), on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it for good and deletes its data. */
  close(): Promise<void>;
}

/** How to start the stand-in (its package passes `startMeiliStandIn` with a quiet logger). */
export type StandInStarter = (options: {
  port: number;
  masterKey: string;
  snapshotPath: string;
}) => Promise<{ url: string; port: number; close(): Promise<void> }>;

export interface TestMeiliOptions {
  masterKey?: string;
  standIn: StandInStarter;
}

/** Which engine ORDERLENS_TEST_MEILI asks for; a wrong value is an error, never a silent default. */
export function testMeiliEngine(env: NodeJS.ProcessEnv = process.env): MeiliEngine {
  const value = env.ORDERLENS_TEST_MEILI?.trim() || "stand-in";
  if (value === "stand-in" || value === "real") return value;
  throw new Error(`ORDERLENS_TEST_MEILI must be stand-in or real, got ${JSON.stringify(value)}`);
}

/** The real Meilisearch executable (MEILI_BIN, else `meilisearch` on PATH) if it runs. */
export function findMeiliBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const bin = env.MEILI_BIN?.trim() || "meilisearch";
  const probe = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return probe.status === 0 ? bin : undefined;
}

/** The real Meilisearch executable, or an error saying how to provide one. */
export function meiliBinary(env: NodeJS.ProcessEnv = process.env): string {
  const bin = findMeiliBinary(env);
  if (bin) return bin;
  throw new Error(
    `ORDERLENS_TEST_MEILI=real needs a Meilisearch executable: ${env.MEILI_BIN?.trim() || "meilisearch"} did not run (set MEILI_BIN or put meilisearch on PATH)`,
  );
}

export async function startTestMeili(options: TestMeiliOptions): Promise<TestMeili> {
  const masterKey = options.masterKey ?? "orderlens-test-master-key";
  return testMeiliEngine() === "real"
    ? startRealMeili(masterKey)
    : startStandIn(masterKey, options.standIn);
}

async function startStandIn(masterKey: string, standIn: StandInStarter): Promise<TestMeili> {
  const dir = await mkdtemp(join(tmpdir(), "orderlens-stand-in-"));
  const snapshotPath = join(dir, "snapshot.json");
  const open = (port: number) => standIn({ port, masterKey, snapshotPath });
  let server: Awaited<ReturnType<StandInStarter>> | undefined = await open(0);
  const port = server.port;
  return {
    engine: "stand-in",
    url: server.url,
    masterKey,
    pid: process.pid,
    async stop() {
      await server?.close();
      server = undefined;
    },
    async start() {
      server ??= await open(port);
    },
    async close() {
      await server?.close();
      server = undefined;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A real Meilisearch for one test, on a free port, its data in a temporary folder. */
export async function startRealMeili(
  masterKey: string,
  bin: string = meiliBinary(),
): Promise<TestMeili> {
  const dir = await mkdtemp(join(tmpdir(), "orderlens-meili-"));
  const port = await getFreePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawnRealMeili(bin, port, masterKey, dir);
    await waitFor(
      async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok || undefined,
      {
        timeoutMs: 30_000,
        description: `Meilisearch at ${url} to be healthy`,
      },
    );
  };
  const halt = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill("SIGTERM");
    await once(running, "exit");
  };
  await launch();
  return {
    engine: "real",
    url,
    masterKey,
    get pid() {
      return child?.pid;
    },
    stop: halt,
    async start() {
      if (!child) await launch();
    },
    async close() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function spawnRealMeili(bin: string, port: number, masterKey: string, dir: string): ChildProcess {
  const child = spawn(
    bin,
    [
      "--http-addr",
      `127.0.0.1:${port}`,
      "--master-key",
      masterKey,
      "--db-path",
      join(dir, "data.ms"),
      "--dump-dir",
      join(dir, "dumps"),
      "--snapshot-dir",
      join(dir, "snapshots"),
      "--env",
      "development",
      "--no-analytics",
      // The budget `npm start` gives a local server (scripts/local-meili.mjs): with the default,
      // two thirds of RAM, every small documents task costs about half a second here.
      "--max-indexing-memory",
      process.env.MEILI_MAX_INDEXING_MEMORY?.trim() || "256MiB",
      "--log-level",
      process.env.ORDERLENS_TEST_MEILI_LOG ?? "ERROR",
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  // A test process that dies must not leave a server behind.
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  child.once("exit", () => process.off("exit", kill));
  return child;
}
