// How the query benches' specs run them: small, on the test run's Meilisearch engine, under a
// deadline. Shared so the two specs measure the same scale and label the engine the same way.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchRun, runBench, testMeiliEngine } from "@orderlens/testing";

export const deadlineMs = 120_000;
const engine = testMeiliEngine();

/** How the bench names the engine it spawned. */
export const engineLabel =
  engine === "real" ? "real Meilisearch, spawned" : "the stand-in, spawned";

/** Runs `script` from this package's benches at concurrency 4 over 2,000 orders, 1 s per stage. */
export function runSmallScale(script: string): Promise<BenchRun> {
  return runBench({
    packageRoot: join(dirname(fileURLToPath(import.meta.url)), ".."),
    script,
    env: {
      // The bench's own Meilisearch, never one the environment points at.
      MEILI_URL: "",
      BENCH_MEILI: engine,
      BENCH_ORDERS: "2000",
      BENCH_SECONDS: "1",
      BENCH_CONCURRENCY: "4",
    },
    timeoutMs: deadlineMs,
  });
}
