/**
 * Benchmark of the stand-in through the official client over HTTP (the figures that count),
 * with the server-reported processingTimeMs as the in-process figure. 100k order documents
 * (BENCH_DOCS). The server runs as its own process (its bin) so client and server do not share
 * an event loop and a garbage collector, as in a local run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { packageBin, summarize } from "@orderlens/testing";
import { type Index, Meilisearch } from "meilisearch";
import { createCorpus, NAMES, pick, STATUSES } from "./corpus.js";
import { rawSearchTimes } from "./raw-search.js";

const N = Number(process.env.BENCH_DOCS ?? "100000");
const QUERIES = 1000;

const fmt = (n: number): string => `${n.toFixed(2)} ms`;
const figures = (xs: number[], unit = fmt): string => {
  const s = summarize(xs);
  return `p50 ${unit(s.p50)}, p99 ${unit(s.p99)}, max ${unit(s.max)}`;
};
const serverFigures = (xs: number[]): string => {
  const s = summarize(xs);
  return `p50 ${s.p50} ms, p99 ${s.p99} ms`;
};

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean),
      packageBin("@orderlens/meili-stand-in", "meili-stand-in"),
    ],
    {
      env: { ...process.env, MEILI_PORT: "0", MEILI_MASTER_KEY: "", MEILI_SNAPSHOT: "" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    if (entry.msg === "started" && entry.url) {
      // Keep draining the child's output (e.g. --trace-gc via BENCH_NODE_FLAGS) to stderr.
      lines.on("line", (l) => process.stderr.write(`[server] ${l}\n`));
      return { child, url: entry.url };
    }
  }
  throw new Error("the stand-in exited before starting");
}

/** The filtered and sorted search the bench repeats, varied by `i`. */
const searchBody = (i: number) => ({
  filter: `status = ${STATUSES[i % 5]} AND total > ${(i * 37) % 900} AND currency IN [EUR, USD]`,
  sort: ["createdAt:desc"],
  limit: 20,
});

/** Times `run` `times` times after `warmUp` untimed runs; returns client ms and server ms. */
async function timeRuns(
  warmUp: number,
  times: number,
  run: (i: number) => Promise<{ processingTimeMs: number }>,
): Promise<{ client: number[]; server: number[] }> {
  for (let i = 0; i < warmUp; i++) await run(i); // JIT, keep-alive, lazy sort caches
  const client: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < times; i++) {
    const s = performance.now();
    const r = await run(i);
    client.push(performance.now() - s);
    server.push(r.processingTimeMs);
  }
  return { client, server };
}

async function indexCorpus(index: Index): Promise<number> {
  await index
    .updateSettings({
      filterableAttributes: ["status", "currency", "total", "createdAt", "customer.city", "tags"],
      sortableAttributes: ["createdAt", "total"],
    })
    .waitTask();
  let orders: object[] | null = createCorpus(N);
  const t0 = performance.now();
  const task = await index.addDocuments(orders).waitTask();
  const indexMs = performance.now() - t0;
  // The client keeps no copy of the corpus while measuring queries, as query-svc would not.
  orders = null;
  if (task.status !== "succeeded") {
    throw new Error(`indexing failed: ${JSON.stringify(task.error)}`);
  }
  return indexMs;
}

async function measure(url: string): Promise<string[]> {
  const client = new Meilisearch({
    host: url,
    defaultWaitOptions: { timeout: 120_000, interval: 10 },
  });
  const index = client.index("bench_orders");
  const indexMs = await indexCorpus(index);
  const search = await timeRuns(20, QUERIES, (i) => index.search("", searchBody(i)));
  const raw = await rawSearchTimes(url, "bench_orders", 20, QUERIES, searchBody);
  const facets = ["status", "currency", "customer.city", "total"];
  const facet = await timeRuns(5, 100, () => index.search("", { facets, limit: 0 }));
  const q = await timeRuns(0, 200, (i) =>
    index.search(pick(NAMES).slice(0, 3 + (i % 2)), {
      filter: "currency = EUR",
      sort: ["total:asc"],
      limit: 20,
    }),
  );
  const qs = summarize(q.client);
  return [
    `documents: ${N}`,
    `index ${N} docs (HTTP, addDocuments -> task succeeded): ${fmt(indexMs)} (target < 10000 ms)`,
    `filtered+sorted search over HTTP, ${QUERIES} queries: ${figures(search.client)} (target p99 < 5 ms)`,
    `  server processingTimeMs: ${serverFigures(search.server)}`,
    `filtered+sorted search over plain keep-alive HTTP, ${QUERIES} queries: ${figures(raw)} (target p99 < 5 ms)`,
    `facet distribution (4 facets, all ${N} docs) over HTTP, 100 runs: ${figures(facet.client)} (target < 20 ms)`,
    `  server processingTimeMs: ${serverFigures(facet.server)}`,
    `q prefix search + filter + sort over HTTP, 200 queries (informative): p50 ${fmt(qs.p50)}, p99 ${fmt(qs.p99)}`,
  ];
}

const { child, url } = await startServer();
try {
  process.stdout.write(`${(await measure(url)).join("\n")}\n`);
} finally {
  child.kill("SIGTERM");
  await once(child, "exit");
}
