/**
 * Benchmark of the stand-in through the official client over HTTP (the figures that count),
 * with the server-reported processingTimeMs as the in-process figure. 100k order documents.
 * The server runs as its own process (the real CLI) so client and server do not share an
 * event loop and a garbage collector, as in a local run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Meilisearch } from "meilisearch";

const N = Number(process.env.BENCH_DOCS ?? "100000");
const QUERIES = 1000;

let seed = 42;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const STATUSES = ["pending", "paid", "shipped", "delivered", "cancelled"] as const;
const CURRENCIES = ["EUR", "USD", "GBP", "CHF"] as const;
const CITIES = Array.from({ length: 200 }, (_, i) => `City ${i}`);
const NAMES = ["Anne", "Marc", "Zoë", "Paul", "Élodie", "Omar", "Li", "Sven", "Maria", "Kenji"];

let orders: object[] | null = Array.from({ length: N }, (_, i) => ({
  id: `ord-${i}`,
  status: pick(STATUSES),
  currency: pick(CURRENCIES),
  total: Math.round(rand() * 100_000) / 100,
  createdAt: 1_700_000_000 + Math.floor(rand() * 31_536_000),
  itemCount: 1 + Math.floor(rand() * 9),
  customer: {
    id: `c-${Math.floor(rand() * 20_000)}`,
    name: `${pick(NAMES)} ${pick(NAMES)}`,
    city: pick(CITIES),
  },
  tags: rand() < 0.3 ? ["gift"] : [],
}));

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};
const fmt = (n: number): string => `${n.toFixed(2)} ms`;

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const cli = fileURLToPath(new URL("../cli.js", import.meta.url));
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean), cli],
    {
      env: { ...process.env, MEILI_PORT: "0", MEILI_MASTER_KEY: "", MEILI_SNAPSHOT: "" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as { msg?: string; url?: string };
    if (event.msg === "started" && event.url) {
      // Keep draining the child's output (e.g. --trace-gc via BENCH_NODE_FLAGS) to stderr.
      lines.on("line", (l) => process.stderr.write(`[server] ${l}\n`));
      return { child, url: event.url };
    }
  }
  throw new Error("the stand-in exited before starting");
}

const { child, url } = await startServer();
try {
  const client = new Meilisearch({
    host: url,
    defaultWaitOptions: { timeout: 120_000, interval: 10 },
  });
  const index = client.index("bench_orders");
  await index
    .updateSettings({
      filterableAttributes: ["status", "currency", "total", "createdAt", "customer.city", "tags"],
      sortableAttributes: ["createdAt", "total"],
    })
    .waitTask();

  const t0 = performance.now();
  const task = await index.addDocuments(orders).waitTask();
  const indexMs = performance.now() - t0;
  // The client keeps no copy of the corpus while measuring queries, as query-svc would not.
  orders = null;
  if (task.status !== "succeeded")
    throw new Error(`indexing failed: ${JSON.stringify(task.error)}`);

  const searchOnce = async (i: number) => {
    const s = performance.now();
    const r = await index.search("", {
      filter: `status = ${STATUSES[i % 5]} AND total > ${(i * 37) % 900} AND currency IN [EUR, USD]`,
      sort: ["createdAt:desc"],
      limit: 20,
    });
    return { ms: performance.now() - s, server: r.processingTimeMs };
  };
  for (let i = 0; i < 20; i++) await searchOnce(i); // warm-up (JIT, keep-alive, lazy sort caches)
  const search: number[] = [];
  const searchServer: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const r = await searchOnce(i);
    search.push(r.ms);
    searchServer.push(r.server);
  }

  // The same queries on a plain keep-alive HTTP connection: the stand-in's own latency, without
  // the official client's fetch overhead (which query-svc pays, and bench:queries measures).
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  const rawSearch = (body: unknown) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: "/indexes/bench_orders/search",
          method: "POST",
          agent,
          headers: { "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(body));
    });
  const rawOnce = async (i: number) => {
    const s = performance.now();
    await rawSearch({
      filter: `status = ${STATUSES[i % 5]} AND total > ${(i * 37) % 900} AND currency IN [EUR, USD]`,
      sort: ["createdAt:desc"],
      limit: 20,
    });
    return performance.now() - s;
  };
  for (let i = 0; i < 20; i++) await rawOnce(i);
  const rawTimes: number[] = [];
  for (let i = 0; i < QUERIES; i++) rawTimes.push(await rawOnce(i));
  agent.destroy();

  const facetOnce = async () => {
    const s = performance.now();
    const r = await index.search("", {
      facets: ["status", "currency", "customer.city", "total"],
      limit: 0,
    });
    return { ms: performance.now() - s, server: r.processingTimeMs };
  };
  for (let i = 0; i < 5; i++) await facetOnce();
  const facet: number[] = [];
  const facetServer: number[] = [];
  for (let i = 0; i < 100; i++) {
    const r = await facetOnce();
    facet.push(r.ms);
    facetServer.push(r.server);
  }

  const qOnce = async (i: number) => {
    const s = performance.now();
    await index.search(pick(NAMES).slice(0, 3 + (i % 2)), {
      filter: "currency = EUR",
      sort: ["total:asc"],
      limit: 20,
    });
    return performance.now() - s;
  };
  const qSearch: number[] = [];
  for (let i = 0; i < 200; i++) qSearch.push(await qOnce(i));

  const lines = [
    `documents: ${N}`,
    `index ${N} docs (HTTP, addDocuments -> task succeeded): ${fmt(indexMs)} (target < 10000 ms)`,
    `filtered+sorted search over HTTP, ${QUERIES} queries: p50 ${fmt(percentile(search, 50))}, p99 ${fmt(percentile(search, 99))}, max ${fmt(Math.max(...search))} (target p99 < 5 ms)`,
    `  server processingTimeMs: p50 ${percentile(searchServer, 50)} ms, p99 ${percentile(searchServer, 99)} ms`,
    `filtered+sorted search over plain keep-alive HTTP, ${QUERIES} queries: p50 ${fmt(percentile(rawTimes, 50))}, p99 ${fmt(percentile(rawTimes, 99))}, max ${fmt(Math.max(...rawTimes))} (target p99 < 5 ms)`,
    `facet distribution (4 facets, all ${N} docs) over HTTP, 100 runs: p50 ${fmt(percentile(facet, 50))}, p99 ${fmt(percentile(facet, 99))}, max ${fmt(Math.max(...facet))} (target < 20 ms)`,
    `  server processingTimeMs: p50 ${percentile(facetServer, 50)} ms, p99 ${percentile(facetServer, 99)} ms`,
    `q prefix search + filter + sort over HTTP, 200 queries (informative): p50 ${fmt(percentile(qSearch, 50))}, p99 ${fmt(percentile(qSearch, 99))}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  child.kill("SIGTERM");
  await once(child, "exit");
}
