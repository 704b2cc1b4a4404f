/**
 * Benchmark of the stand-in through the official client over HTTP, with the server-reported
 * processingTimeMs as the in-process figure. 100k order documents (BENCH_DOCS). The server runs
 * as its own process (its bin) so client and server do not share an event loop and a garbage
 * collector, as in a local run.
 *
 * The machine is shared, so the result is a ratio to a reference measured in the same run: the
 * same queries answered by plain JavaScript over the same documents (in-process-search.ts), timed
 * the same way once the stand-in has stopped. Milliseconds are printed for reading only. The
 * last line is the ratio line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { type LatencySummary, packageBin, summarize } from "@orderlens/testing";
import { type Index, Meilisearch } from "meilisearch";
import { FACETS, SEARCH_SETTINGS, searchBody } from "./bench-queries.js";
import { createCorpus, NAMES, pick } from "./corpus.js";
import { plainFacets, plainSearch } from "./in-process-search.js";
import { rawSearchTimes } from "./raw-search.js";

const N = Number(process.env.BENCH_DOCS ?? "100000");
const QUERIES = 1000;
const SEARCH_WARM_UP = 20;
const FACET_RUNS = 100;
const FACET_WARM_UP = 5;
const JSON_ROUNDS = 3;

/**
 * Ceilings of the ratios, from runs at 5,000 and 20,000 documents on a shared two-core machine
 * with other benches running. The search and facet ratios fall as documents grow (the reference
 * reads every document, the stand-in works from its indexes and a cached sort order), so they are
 * set at TARGETS_FROM_DOCS and apply from there up.
 */
const TARGETS = {
  searchP50: 5,
  searchP99: 15,
  rawP50: 2,
  rawP99: 6,
  facetsP50: 1,
  facetsP99: 2,
  index: 60,
};
const TARGETS_FROM_DOCS = 20_000;

const fmt = (n: number): string => `${n.toFixed(2)} ms`;
const figures = (s: LatencySummary): string =>
  `p50 ${fmt(s.p50)}, p99 ${fmt(s.p99)}, max ${fmt(s.max)}`;
const serverFigures = (xs: number[]): string => {
  const s = summarize(xs);
  return `p50 ${s.p50} ms, p99 ${s.p99} ms`;
};
const times = (value: number, reference: number): string => `x${(value / reference).toFixed(2)}`;
const against = (value: number, reference: number, target: number): string =>
  N >= TARGETS_FROM_DOCS
    ? `${times(value, reference)} (target <= x${target})`
    : times(value, reference);

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

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

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

/** As timeRuns, for the in-process reference: the same warm-up, the same count. */
function timeInProcess(warmUp: number, times: number, run: (i: number) => unknown): number[] {
  for (let i = 0; i < warmUp; i++) run(i);
  const elapsed: number[] = [];
  for (let i = 0; i < times; i++) {
    const s = performance.now();
    run(i);
    elapsed.push(performance.now() - s);
  }
  return elapsed;
}

async function indexCorpus(index: Index): Promise<number> {
  await index.updateSettings(SEARCH_SETTINGS).waitTask();
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

interface HttpFigures {
  indexMs: number;
  search: LatencySummary;
  searchServer: number[];
  raw: LatencySummary;
  facets: LatencySummary;
  facetsServer: number[];
  q: LatencySummary;
}

async function measureOverHttp(url: string): Promise<HttpFigures> {
  const client = new Meilisearch({
    host: url,
    defaultWaitOptions: { timeout: 120_000, interval: 10 },
  });
  const index = client.index("bench_orders");
  const indexMs = await indexCorpus(index);
  const search = await timeRuns(SEARCH_WARM_UP, QUERIES, (i) => index.search("", searchBody(i)));
  const raw = await rawSearchTimes(url, "bench_orders", SEARCH_WARM_UP, QUERIES, searchBody);
  const facets = [...FACETS];
  const facet = await timeRuns(FACET_WARM_UP, FACET_RUNS, () =>
    index.search("", { facets, limit: 0 }),
  );
  const q = await timeRuns(0, 200, (i) =>
    index.search(pick(NAMES).slice(0, 3 + (i % 2)), {
      filter: "currency = EUR",
      sort: ["total:asc"],
      limit: 20,
    }),
  );
  return {
    indexMs,
    search: summarize(search.client),
    searchServer: search.server,
    raw: summarize(raw),
    facets: summarize(facet.client),
    facetsServer: facet.server,
    q: summarize(q.client),
  };
}

interface InProcessFigures {
  search: LatencySummary;
  facets: LatencySummary;
  jsonMs: number;
}

/** The reference, over a corpus of its own built only now, after the HTTP measurements. */
function measureInProcess(): InProcessFigures {
  const docs = createCorpus(N);
  const search = timeInProcess(SEARCH_WARM_UP, QUERIES, (i) => plainSearch(docs, i));
  const facets = timeInProcess(FACET_WARM_UP, FACET_RUNS, () => plainFacets(docs));
  // What indexing over HTTP cannot do without: the documents encoded and decoded once.
  const json = timeInProcess(0, JSON_ROUNDS, () => JSON.parse(JSON.stringify(docs)));
  return {
    search: summarize(search),
    facets: summarize(facets),
    jsonMs: summarize(json).p50,
  };
}

function report(http: HttpFigures, local: InProcessFigures): string[] {
  const { search, raw, facets } = http;
  return [
    `documents: ${N}`,
    `index ${N} docs (HTTP, addDocuments -> task succeeded): ${fmt(http.indexMs)}`,
    `filtered+sorted search over HTTP, ${QUERIES} queries: ${figures(search)}`,
    `  server processingTimeMs: ${serverFigures(http.searchServer)}`,
    `filtered+sorted search over plain keep-alive HTTP, ${QUERIES} queries: ${figures(raw)}`,
    `facet distribution (${FACETS.length} facets, all ${N} docs) over HTTP, ${FACET_RUNS} runs: ${figures(facets)}`,
    `  server processingTimeMs: ${serverFigures(http.facetsServer)}`,
    `q prefix search + filter + sort over HTTP, 200 queries (informative): p50 ${fmt(http.q.p50)}, p99 ${fmt(http.q.p99)}`,
    `reference, in this process once the stand-in stopped, over the same ${N} docs:`,
    `  plain filter + sort + top 20, the same ${QUERIES} queries: ${figures(local.search)}`,
    `  plain facet count (${FACETS.length} facets, all docs), ${FACET_RUNS} runs: ${figures(local.facets)}`,
    `  JSON round trip of the docs (stringify + parse), median of ${JSON_ROUNDS}: ${fmt(local.jsonMs)}`,
    `ratios to the reference (the milliseconds above are for reading only; targets from ${TARGETS_FROM_DOCS} docs):`,
    `  search over HTTP: p50 ${against(search.p50, local.search.p50, TARGETS.searchP50)}, p99 ${against(search.p99, local.search.p99, TARGETS.searchP99)} of the plain search`,
    `  search over plain keep-alive HTTP: p50 ${against(raw.p50, local.search.p50, TARGETS.rawP50)}, p99 ${against(raw.p99, local.search.p99, TARGETS.rawP99)} of the plain search`,
    `  facets over HTTP: p50 ${against(facets.p50, local.facets.p50, TARGETS.facetsP50)}, p99 ${against(facets.p99, local.facets.p99, TARGETS.facetsP99)} of the plain facet count`,
    `  index over HTTP: ${against(http.indexMs, local.jsonMs, TARGETS.index)} of the JSON round trip`,
    [
      `meili: ${N} docs over HTTP, search p50 ${times(search.p50, local.search.p50)}, p99 ${times(search.p99, local.search.p99)} of a plain in-process filter+sort+top-20;`,
      ` facets p50 ${times(facets.p50, local.facets.p50)}, p99 ${times(facets.p99, local.facets.p99)} of a plain in-process facet count;`,
      ` index ${times(http.indexMs, local.jsonMs)} of a JSON round trip of the same docs`,
    ].join(""),
  ];
}

const { child, url } = await startServer();
let http: HttpFigures;
try {
  http = await measureOverHttp(url);
} finally {
  await stopServer(child);
}
process.stdout.write(`${report(http, measureInProcess()).join("\n")}\n`);
