import { readFileSync } from "node:fs";
import { summarize } from "@orderlens/testing";

/** CPU seconds a process has used so far (Linux /proc; clock ticks are 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export type StageResult = {
  label: string;
  concurrency: number;
  qps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU milliseconds per query in each process. */
  cpu: { loadgen: number; querySvc: number; meili: number };
};

/** The server processes whose CPU time a stage reports (undefined: not ours to measure). */
export type ServerPids = { meili?: number; querySvc?: number };

/** `concurrency` callers running `op` back to back for `seconds`, after 50 warm-up calls. */
export async function closedLoop(
  label: string,
  concurrency: number,
  seconds: number,
  pids: ServerPids,
  op: (i: number) => Promise<unknown>,
): Promise<StageResult> {
  for (let i = 0; i < 50; i++) await op(i);
  const cpuBefore = {
    loadgen: process.cpuUsage(),
    querySvc: cpuSeconds(pids.querySvc),
    meili: cpuSeconds(pids.meili),
  };
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await op(n++);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const { count: done, p50, p99 } = summarize(latencies);
  const loadgen = process.cpuUsage(cpuBefore.loadgen);
  const cpu = {
    loadgen: (loadgen.user + loadgen.system) / 1000 / done,
    querySvc: ((cpuSeconds(pids.querySvc) - cpuBefore.querySvc) * 1000) / done,
    meili: ((cpuSeconds(pids.meili) - cpuBefore.meili) * 1000) / done,
  };
  return { label, concurrency, qps: done / elapsed, p50, p99, errors, cpu };
}
