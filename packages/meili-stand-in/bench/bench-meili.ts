/**
 * Benchmark of the stand-in through the official client over HTTP, with the server-reported
 * processingTimeMs as the in-process figure. 100k order documents (BENCH_DOCS). The server runs
 * as its own process (its bin) so client and server do not share an event loop and a garbage
 * collector, as in a local run.
 *
 * The machine is shared, so the result is a ratio to a reference measured in the same run: the
 * same queries answered by plain JavaScript over the same documents (in-process-search.ts), timed
 * the same way. The two take turns in BENCH_ROUNDS rounds (a fresh index each, its slice of the
 * searches and facet runs, each followed by the same slice in-process), so a busy core weighs on
 * a figure and its reference alike. Milliseconds are printed for reading only. The last line is
 * the ratio line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { setTimeout } from "node:timers/promises";
import { type LatencySummary, packageBin, summarize } from "@orderlens/testing";
import { type Index, Meilisearch, type Task } from "meilisearch";
import { FACETS, SEARCH_SETTINGS, searchBody } from "./bench-queries.js";
import { createCorpus, NAMES, type Order, pick } from "./corpus.js";
import { plainFacets, plainSearch } from "./in-process-search.js";
import { rawSearchTimes } from "./raw-search.js";

const N = Number(process.env.BENCH_DOCS ?? "100000");
const QUERIES = 1000;
const SEARCH_WARM_UP = 20;
const FACET_RUNS = 100;
const FACET_WARM_UP = 5;
const Q_QUERIES = 200;
/** Rounds the measurements take turns in: each does a slice of every HTTP run, then its reference. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "5");

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

/** Query numbers [from, to) of one round: ROUNDS slices that together are the `total` runs. */
interface Slice {
  from: number;
  to: number;
}

function sliceOf(total: number, round: number): Slice {
  return {
    from: Math.floor((total * round) / ROUNDS),
    to: Math.floor((total * (round + 1)) / ROUNDS),
  };
}

/** Times `run` over the slice after `warmUp` untimed runs; returns client ms and server ms. */
async function timeRuns(
  warmUp: number,
  slice: Slice,
  run: (i: number) => Promise<{ processingTimeMs: number }>,
): Promise<{ client: number[]; server: number[] }> {
  // JIT, keep-alive, and the lazy sort caches of this round's fresh index.
  for (let i = 0; i < warmUp; i++) await untimed(() => run(slice.from + i));
  const client: number[] = [];
  const server: number[] = [];
  for (let i = slice.from; i < slice.to; i++) {
    const s = performance.now();
    const r = await run(i);
    client.push(performance.now() - s);
    server.push(r.processingTimeMs);
  }
  return { client, server };
}

/** As timeRuns, for the in-process reference: the same warm-up, the same slice. */
function timeInProcess(warmUp: number, slice: Slice, run: (i: number) => unknown): number[] {
  for (let i = 0; i < warmUp; i++) run(slice.from + i);
  const elapsed: number[] = [];
  for (let i = slice.from; i < slice.to; i++) {
    const s = performance.now();
    run(i);
    elapsed.push(performance.now() - s);
  }
  return elapsed;
}

const WAIT_INTERVAL_MS = 10;
const WAIT_TIMEOUT_MS = 120_000;

/** Whether a request failed on a connection the stand-in had closed or reset. */
function lostConnection(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return true;
  }
  return false;
}

/**
 * Runs an untimed request, once more if its keep-alive connection was lost. While one side is
 * busy for seconds (the stand-in indexing, this process in an in-process turn) the other's
 * keep-alive timeout can close the socket without the busy side noticing, and the next request
 * sent on it fails; the retry opens a fresh connection, before any timed request.
 */
async function untimed<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (!lostConnection(error)) throw error;
    return request();
  }
}

/** Waits for a task as waitTask does (the same interval), with its polls untimed(). */
async function settledTask(client: Meilisearch, taskUid: number): Promise<Task> {
  const deadline = performance.now() + WAIT_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const task = await untimed(() => client.tasks.getTask(taskUid));
    if (task.status !== "enqueued" && task.status !== "processing") return task;
    await setTimeout(WAIT_INTERVAL_MS);
  }
  throw new Error(`task ${taskUid} not settled after ${WAIT_TIMEOUT_MS} ms`);
}

async function indexCorpus(client: Meilisearch, index: Index, docs: Order[]): Promise<number> {
  await index.updateSettings(SEARCH_SETTINGS).waitTask();
  const t0 = performance.now();
  const task = await settledTask(client, (await index.addDocuments(docs)).taskUid);
  const indexMs = performance.now() - t0;
  if (task.status !== "succeeded") {
    throw new Error(`indexing failed: ${JSON.stringify(task.error)}`);
  }
  return indexMs;
}

/** What indexing over HTTP cannot do without: the documents encoded and decoded once. */
function timeJsonRoundTrip(docs: Order[]): number {
  const s = performance.now();
  JSON.parse(JSON.stringify(docs));
  return performance.now() - s;
}

/** Every timing of every round, pooled (latencies) or one per round (index, JSON). */
interface Samples {
  indexMs: number[];
  jsonMs: number[];
  search: number[];
  searchServer: number[];
  raw: number[];
  plainSearch: number[];
  facets: number[];
  facetsServer: number[];
  plainFacets: number[];
  q: number[];
}

const INDEX_UID = "bench_orders";

/**
 * One round: index into a fresh index, then each HTTP measurement directly followed by its
 * in-process reference, so that both land on the same core at about the same moment (on a
 * shared machine a single-threaded process may sit on a busy or a free core from one minute to
 * the next).
 */
async function runRound(
  client: Meilisearch,
  url: string,
  docs: Order[],
  round: number,
  out: Samples,
): Promise<void> {
  const index = client.index(INDEX_UID);
  out.indexMs.push(await indexCorpus(client, index, docs));
  out.jsonMs.push(timeJsonRoundTrip(docs));
  await searchTurn(index, url, docs, sliceOf(QUERIES, round), out);
  await facetTurn(index, docs, sliceOf(FACET_RUNS, round), out);
  await qTurn(index, sliceOf(Q_QUERIES, round), out);
  // Untimed: the next round indexes from scratch, and the stand-in holds one copy at a time.
  await client.deleteIndex(INDEX_UID).waitTask();
}

async function searchTurn(
  index: Index,
  url: string,
  docs: Order[],
  slice: Slice,
  out: Samples,
): Promise<void> {
  const search = await timeRuns(SEARCH_WARM_UP, slice, (i) => index.search("", searchBody(i)));
  out.search.push(...search.client);
  out.searchServer.push(...search.server);
  const raw = await rawSearchTimes(url, INDEX_UID, SEARCH_WARM_UP, slice.to - slice.from, (i) =>
    searchBody(slice.from + i),
  );
  out.raw.push(...raw);
  out.plainSearch.push(...timeInProcess(SEARCH_WARM_UP, slice, (i) => plainSearch(docs, i)));
}

async function facetTurn(index: Index, docs: Order[], slice: Slice, out: Samples): Promise<void> {
  const facets = [...FACETS];
  const facet = await timeRuns(FACET_WARM_UP, slice, () => index.search("", { facets, limit: 0 }));
  out.facets.push(...facet.client);
  out.facetsServer.push(...facet.server);
  out.plainFacets.push(...timeInProcess(FACET_WARM_UP, slice, () => plainFacets(docs)));
}

/** The informative q search, with no reference: only spread over the rounds like the rest. */
async function qTurn(index: Index, slice: Slice, out: Samples): Promise<void> {
  const q = await timeRuns(0, slice, (i) =>
    index.search(pick(NAMES).slice(0, 3 + (i % 2)), {
      filter: "currency = EUR",
      sort: ["total:asc"],
      limit: 20,
    }),
  );
  out.q.push(...q.client);
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

interface InProcessFigures {
  search: LatencySummary;
  facets: LatencySummary;
  jsonMs: number;
}

async function measureInRounds(url: string): Promise<Samples> {
  const client = new Meilisearch({
    host: url,
    defaultWaitOptions: { timeout: WAIT_TIMEOUT_MS, interval: WAIT_INTERVAL_MS },
  });
  // The client holds the corpus through the HTTP measurements (query-svc would not): the
  // reference needs the same documents at the same moment, between the HTTP turns.
  const docs = createCorpus(N);
  const out: Samples = {
    indexMs: [],
    jsonMs: [],
    search: [],
    searchServer: [],
    raw: [],
    plainSearch: [],
    facets: [],
    facetsServer: [],
    plainFacets: [],
    q: [],
  };
  for (let round = 0; round < ROUNDS; round++) await runRound(client, url, docs, round, out);
  return out;
}

const median = (xs: number[]): number => summarize(xs).p50;

function httpFigures(s: Samples): HttpFigures {
  return {
    indexMs: median(s.indexMs),
    search: summarize(s.search),
    searchServer: s.searchServer,
    raw: summarize(s.raw),
    facets: summarize(s.facets),
    facetsServer: s.facetsServer,
    q: summarize(s.q),
  };
}

function inProcessFigures(s: Samples): InProcessFigures {
  return {
    search: summarize(s.plainSearch),
    facets: summarize(s.plainFacets),
    jsonMs: median(s.jsonMs),
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
    `q prefix search + filter + sort over HTTP, ${Q_QUERIES} queries (informative): p50 ${fmt(http.q.p50)}, p99 ${fmt(http.q.p99)}`,
    `reference, in this process in turns with the stand-in (${ROUNDS} rounds), over the same ${N} docs:`,
    `  plain filter + sort + top 20, the same ${QUERIES} queries: ${figures(local.search)}`,
    `  plain facet count (${FACETS.length} facets, all docs), ${FACET_RUNS} runs: ${figures(local.facets)}`,
    `  JSON round trip of the docs (stringify + parse), median of ${ROUNDS}: ${fmt(local.jsonMs)}`,
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
let samples: Samples;
try {
  samples = await measureInRounds(url);
} finally {
  await stopServer(child);
}
process.stdout.write(`${report(httpFigures(samples), inProcessFigures(samples)).join("\n")}\n`);
