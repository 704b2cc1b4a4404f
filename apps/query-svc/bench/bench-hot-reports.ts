#!/usr/bin/env node
// Hot reports: many clients asking for the same month's report through query-svc over gRPC (the
// top 20 products of the month, and its region split), at concurrency 16 and 64, with the report
// cache off and on, in one run: two query-svc processes over the same seeded Meilisearch, the
// phases interleaved. A third mode keeps the cache on while change notices for that month arrive
// every BENCH_NOTICE_MS (500: the projector announces report months at most every
// SYNC_REPORT_INTERVAL_MS while orders flow), so each one drops the entries it must. Last, the
// hop a shared cache would add (a keep-alive HTTP round trip to another process that answers the
// report's bytes from memory: a lower bound, Redis was not measured) beside Meilisearch's own
// answer to the region report's one read. Prints reports/s, p50/p99 and CPU per report of each
// process, then the off/on ratios; its last line is the verdict at concurrency 64.
// The phases compared with each other (a report's three modes; the hop and Meilisearch's answer)
// run in turns of BENCH_SLICE_SECONDS (1) until each had BENCH_SECONDS, not one after the other:
// a burst of load from elsewhere on the shared machine then falls on both sides of a ratio alike.
import { Agent, request } from "node:http";
import { type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import {
  type GetSalesReportRequestSchema,
  GetSalesReportResponseSchema,
  ReportQueryService,
  SalesGroupBy,
  SalesRankBy,
} from "@orderlens/contracts";
import { createMeiliClient } from "@orderlens/meili-indexes";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import { type AmqpScope, createAmqpScope, getFreePort, waitFor } from "@orderlens/testing";
import type { Meilisearch } from "meilisearch";
import { type NoticePublisher, startNoticePublisher } from "../test/notice-publisher.js";
import {
  Children,
  forEachTarget,
  type MeiliTarget,
  meiliClient,
  spawnQuerySvc,
} from "./bench-targets.js";
import { interleavedLoops, type Stage, type StageResult } from "./closed-loop.js";
import { seed } from "./seed-reports.js";

const orders = Number(process.env.BENCH_ORDERS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const sliceSeconds = Number(process.env.BENCH_SLICE_SECONDS ?? 1);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? "16,64").split(",").map(Number);
const noticeMs = Number(process.env.BENCH_NOTICE_MS ?? 500);
const hotMonth = "2026-06";
const log = (line: string) => process.stdout.write(`${line}\n`);

type ReportRequest = MessageInitShape<typeof GetSalesReportRequestSchema>;
const month = { case: "months" as const, value: { from: hotMonth, to: hotMonth } };
const reports: { name: string; request: ReportRequest }[] = [
  {
    name: "product top 20",
    request: { range: month, groupBy: SalesGroupBy.PRODUCT, rankBy: SalesRankBy.REVENUE, topN: 20 },
  },
  { name: "region", request: { range: month, groupBy: SalesGroupBy.REGION } },
];

/** One query-svc process: its pid for CPU, its client, its port for /metrics. */
interface QuerySvc {
  pid: number;
  port: number;
  client: GrpcJsClient<typeof ReportQueryService>;
}

interface Phase extends StageResult {
  report: string;
  mode: "off" | "on" | "on, notices" | "hop" | "direct";
  /** Share of the phase's reports answered from the cache (NaN without a cache). */
  hitRate: number;
}

/** A counter's value in a Prometheus text exposition (0 when absent). */
function counter(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

async function cacheCounts(svc: QuerySvc): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(`http://127.0.0.1:${svc.port}/metrics`)).text();
  return {
    hits: counter(text, "query_report_cache_hits_total"),
    misses: counter(text, "query_report_cache_misses_total"),
  };
}

async function startQuerySvc(
  children: Children,
  target: MeiliTarget,
  env: NodeJS.ProcessEnv,
): Promise<QuerySvc> {
  const { pid, port } = await spawnQuerySvc(children, target, env);
  return { pid, port, client: createGrpcJsClient(ReportQueryService, `127.0.0.1:${port}`) };
}

/** The cache stores only while notices flow: wait until a repeated report is a hit. */
async function untilCaching(svc: QuerySvc): Promise<void> {
  const ask = () => svc.client.getSalesReport(reports[0]?.request ?? {});
  await waitFor(
    async () => {
      await ask();
      const before = await cacheCounts(svc);
      await ask();
      return (await cacheCounts(svc)).hits > before.hits;
    },
    { timeoutMs: 30_000, description: "query-svc's report cache to store (notices flowing)" },
  );
}

/** Open while the phase with notices runs (its slices only). */
interface Gate {
  open: boolean;
}

/**
 * Notices for the hot month every `noticeMs` while `gate` is open, until stopped, as the
 * projector's passes send them.
 */
function noticesEvery(publisher: NoticePublisher, gate: Gate): () => void {
  let position = 1_000;
  const timer = setInterval(() => {
    if (gate.open) publisher.publish({ position: ++position, months: [hotMonth] });
  }, noticeMs);
  return () => clearInterval(timer);
}

/** A phase as one of the stages interleaved with others, and its Phase from its result. */
interface PhaseStage {
  stage: Stage;
  phaseOf(result: StageResult): Phase;
}

/** The phases of `stages`, interleaved in slices (closed-loop.ts), in `stages`' order. */
async function interleaved(stages: readonly PhaseStage[], concurrency: number): Promise<Phase[]> {
  const results = await interleavedLoops(
    stages.map((s) => s.stage),
    concurrency,
    seconds,
    sliceSeconds,
  );
  return results.map((result, k) => (stages[k] as PhaseStage).phaseOf(result));
}

/**
 * A report through one query-svc in one mode; its hit rate counts its own slices only (the modes
 * with the cache on share a process), and `notices` is opened during them.
 */
function reportStage(
  svc: QuerySvc,
  meiliPid: number | undefined,
  at: { report: (typeof reports)[number]; mode: Phase["mode"] },
  notices?: Gate,
): PhaseStage {
  const counted = { hits: 0, misses: 0 };
  const around = async (slice: () => Promise<void>) => {
    const before = await cacheCounts(svc);
    if (notices) notices.open = true;
    try {
      await slice();
    } finally {
      if (notices) notices.open = false;
    }
    const after = await cacheCounts(svc);
    counted.hits += after.hits - before.hits;
    counted.misses += after.misses - before.misses;
  };
  const total = () => counted.hits + counted.misses;
  return {
    stage: {
      label: `${at.report.name}, cache ${at.mode}`,
      pids: { meili: meiliPid, querySvc: svc.pid },
      op: () => svc.client.getSalesReport(at.report.request),
      around,
    },
    phaseOf: (result) => ({
      ...result,
      report: at.report.name,
      mode: at.mode,
      hitRate: total() > 0 ? counted.hits / total() : Number.NaN,
    }),
  };
}

/** A server in another process answering `body` from memory over keep-alive HTTP/1.1. */
async function startHopServer(
  children: Children,
  body: Uint8Array,
): Promise<{ pid: number; port: number }> {
  const port = await getFreePort();
  const script = `const b=Buffer.from(${JSON.stringify(Buffer.from(body).toString("base64"))},"base64");require("node:http").createServer((q,r)=>{r.setHeader("content-type","application/octet-stream");r.end(b)}).listen(${port},"127.0.0.1")`;
  const pid = await children.spawnReady(["-e", script], {}, `http://127.0.0.1:${port}/`);
  return { pid, port };
}

function hopRoundTrip(agent: Agent, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () => resolve(bytes));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** A phase without a cache of its own to count. */
const uncached = (report: "hop" | "direct") => (result: StageResult) => ({
  ...result,
  report,
  mode: report,
  hitRate: Number.NaN,
});

function hopStage(agent: Agent, hop: { pid: number; port: number }, bytes: number): PhaseStage {
  return {
    stage: {
      label: `hop: HTTP round trip, ${bytes} B from memory`,
      // Its CPU column is the hop server's.
      pids: { querySvc: hop.pid },
      op: () => hopRoundTrip(agent, hop.port),
    },
    phaseOf: uncached("hop"),
  };
}

/** Meilisearch's own answer for the region report: its one read, from the bench, keep-alive. */
function directStage(meili: Meilisearch, target: MeiliTarget): PhaseStage {
  const rows = meili.index(target.names.salesByRegionMonth);
  const filter = [`month IN ["${hotMonth}"]`];
  return {
    stage: {
      label: "Meilisearch direct: the region report's read",
      pids: { meili: target.pid },
      op: () => rows.getDocuments({ filter, limit: 1_000 }),
    },
    phaseOf: uncached("direct"),
  };
}

/** A shared cache's hop and Meilisearch's own answer, interleaved. */
async function hopAndDirect(
  hop: { server: { pid: number; port: number }; bytes: number },
  target: MeiliTarget,
  concurrency: number,
): Promise<Phase[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const direct = createMeiliClient({ host: target.url, apiKey: target.key });
  try {
    return await interleaved(
      [hopStage(agent, hop.server, hop.bytes), directStage(direct.meili, target)],
      concurrency,
    );
  } finally {
    agent.destroy();
    direct.close();
  }
}

const fixed = (n: number, digits = 2) => (Number.isNaN(n) ? "-" : n.toFixed(digits));

function printPhases(phases: readonly Phase[]): void {
  log("");
  log(
    `${"phase".padEnd(48)} conc  reports/s   p50 ms   p99 ms  errors  hit rate   CPU ms per report: load gen, query-svc, Meilisearch`,
  );
  for (const p of phases) {
    const cpu = [p.cpu.loadgen, p.cpu.querySvc, p.cpu.meili].map((c) => fixed(c, 3).padStart(6));
    const hit = Number.isNaN(p.hitRate) ? "-" : `${(p.hitRate * 100).toFixed(1)}%`;
    log(
      `${p.label.padEnd(48)} ${String(p.concurrency).padStart(4)} ${p.qps.toFixed(0).padStart(10)} ${fixed(p.p50).padStart(8)} ${fixed(p.p99).padStart(8)} ${String(p.errors).padStart(7)} ${hit.padStart(9)}   ${cpu.join("  ")}`,
    );
  }
}

/** How many times lower `on` is than `off`: CPU per report in query-svc, and p50. */
interface Gain {
  cpu: number;
  p50: number;
}

const gainOf = (off: Phase, on: Phase): Gain => ({
  cpu: off.cpu.querySvc / on.cpu.querySvc,
  p50: off.p50 / on.p50,
});

function find(
  phases: readonly Phase[],
  report: string,
  mode: Phase["mode"],
  c: number,
): Phase | undefined {
  return phases.find((p) => p.report === report && p.mode === mode && p.concurrency === c);
}

/** Off/on ratios per report and concurrency; returns the product report's at the highest one. */
function printGains(phases: readonly Phase[]): Gain | undefined {
  log("");
  log("cache off / cache on, same run (x = times lower with the cache):");
  let headline: Gain | undefined;
  for (const c of concurrencies) {
    for (const { name } of reports) {
      const off = find(phases, name, "off", c);
      const on = find(phases, name, "on", c);
      const noticed = find(phases, name, "on, notices", c);
      if (!off || !on || !noticed) continue;
      const g = gainOf(off, on);
      const n = gainOf(off, noticed);
      log(
        `  ${name} at c=${c}: query-svc CPU per report x${fixed(g.cpu, 1)}, p50 x${fixed(g.p50, 1)}; with a notice for the month every ${noticeMs} ms x${fixed(n.cpu, 1)}, x${fixed(n.p50, 1)}`,
      );
      if (name === reports[0]?.name && c === Math.max(...concurrencies)) headline = g;
    }
    const hop = find(phases, "hop", "hop", c);
    const direct = find(phases, "direct", "direct", c);
    if (hop && direct) {
      log(
        `  a shared cache's hop at c=${c} (lower bound: a plain HTTP server answering from memory): p50 ${fixed(hop.p50)} ms, ${fixed(hop.cpu.loadgen + hop.cpu.querySvc, 3)} ms CPU per hit (client + server); Meilisearch's own answer to the region report's read: p50 ${fixed(direct.p50)} ms, ${fixed(direct.cpu.loadgen + direct.cpu.meili, 3)} ms CPU`,
      );
    }
  }
  return headline;
}

async function phasesAt(
  svc: { off: QuerySvc; on: QuerySvc },
  target: MeiliTarget,
  publisher: NoticePublisher,
  hop: { server: { pid: number; port: number }; bytes: number },
  concurrency: number,
): Promise<Phase[]> {
  const phases: Phase[] = [];
  const notices: Gate = { open: false };
  const stop = noticesEvery(publisher, notices);
  try {
    for (const report of reports) {
      const modes = [
        reportStage(svc.off, target.pid, { report, mode: "off" }),
        reportStage(svc.on, target.pid, { report, mode: "on" }),
        reportStage(svc.on, target.pid, { report, mode: "on, notices" }, notices),
      ];
      phases.push(...(await interleaved(modes, concurrency)));
    }
  } finally {
    stop();
  }
  phases.push(...(await hopAndDirect(hop, target, concurrency)));
  return phases;
}

async function benchTarget(target: MeiliTarget, scope: AmqpScope): Promise<Gain | undefined> {
  log("");
  log(`=== Meilisearch: ${target.label}`);
  const children = new Children();
  const publisher = await startNoticePublisher(scope);
  const svc: { off?: QuerySvc; on?: QuerySvc } = {};
  try {
    await seed(meiliClient(target), target.names, orders, log, { reportsOnly: true });
    // Both consume the same notices; only the cache differs.
    const notices = {
      AMQP_PREFIX: scope.prefix,
      AMQP_URL: scope.url,
      WATCH_CHANGE_NOTICES: "true",
    };
    svc.off = await startQuerySvc(children, target, { ...notices, REPORT_CACHE_ENTRIES: "0" });
    svc.on = await startQuerySvc(children, target, { ...notices, REPORT_CACHE_ENTRIES: "1000" });
    await untilCaching(svc.on);
    const sample = await svc.off.client.getSalesReport(reports[0]?.request ?? {});
    const body = toBinary(GetSalesReportResponseSchema, sample);
    const hop = { server: await startHopServer(children, body), bytes: body.length };
    const phases: Phase[] = [];
    for (const c of concurrencies) {
      phases.push(...(await phasesAt({ off: svc.off, on: svc.on }, target, publisher, hop, c)));
    }
    printPhases(phases);
    return printGains(phases);
  } finally {
    svc.off?.client.close();
    svc.on?.client.close();
    await publisher.close();
    await children.stop();
  }
}

async function main() {
  log(
    `bench:hot-reports  the sales rows of ${orders} orders, month ${hotMonth}, concurrency ${concurrencies.join(", ")}, ${seconds} s per phase, notices every ${noticeMs} ms in the third mode`,
  );
  const scope = createAmqpScope("bench-hot-reports");
  const verdicts: string[] = [];
  try {
    await forEachTarget(async (target) => {
      const gain = await benchTarget(target, scope);
      if (gain)
        verdicts.push(
          `x${fixed(gain.cpu, 1)} lower, p50 x${fixed(gain.p50, 1)} lower (${target.label})`,
        );
    });
  } finally {
    await scope.cleanup();
  }
  log("");
  log(
    `hot reports: cache cpu/query ${verdicts.join("; ") || "not measured"} at c=${Math.max(...concurrencies)}, ${reports[0]?.name} report`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
