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

/** One of the stages `interleavedLoops` compares: what it calls, and whose CPU it reads. */
export interface Stage {
  label: string;
  pids: ServerPids;
  op: (i: number) => Promise<unknown>;
  /**
   * Wraps each of the stage's slices (and nothing of the other stages'), e.g. to keep something
   * running only while the stage runs, or to read a counter around it. Default: the slice alone.
   */
  around?: (slice: () => Promise<void>) => Promise<void>;
}

/** What a stage's slices add up to. */
interface Tally {
  latencies: number[];
  errors: number;
  /** Calls started so far: the next call's `i`, so a stage's inputs go on across its slices. */
  calls: number;
  seconds: number;
  /** CPU milliseconds spent in each process during the stage's slices. */
  cpuMs: { loadgen: number; querySvc: number; meili: number };
}

const newTally = (): Tally => ({
  latencies: [],
  errors: 0,
  calls: 0,
  seconds: 0,
  cpuMs: { loadgen: 0, querySvc: 0, meili: 0 },
});

const warmUpCalls = 50;

async function warmUp(stage: Stage, tally: Tally): Promise<void> {
  for (let i = 0; i < warmUpCalls; i++) await stage.op(tally.calls++);
}

/** Each process's CPU so far: the bench's own in ms, the servers' in s (/proc's resolution). */
function cpuNow(pids: ServerPids) {
  return {
    loadgen: process.cpuUsage(),
    querySvc: cpuSeconds(pids.querySvc),
    meili: cpuSeconds(pids.meili),
  };
}

function addCpuSince(tally: Tally, pids: ServerPids, before: ReturnType<typeof cpuNow>): void {
  const loadgen = process.cpuUsage(before.loadgen);
  tally.cpuMs.loadgen += (loadgen.user + loadgen.system) / 1000;
  tally.cpuMs.querySvc += (cpuSeconds(pids.querySvc) - before.querySvc) * 1000;
  tally.cpuMs.meili += (cpuSeconds(pids.meili) - before.meili) * 1000;
}

/** `concurrency` callers running the stage's op back to back for `seconds`, into its tally. */
async function runSlice(
  stage: Stage,
  tally: Tally,
  concurrency: number,
  seconds: number,
): Promise<void> {
  const before = cpuNow(stage.pids);
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await stage.op(tally.calls++);
          tally.latencies.push(performance.now() - t);
        } catch {
          tally.errors++;
        }
      }
    }),
  );
  tally.seconds += (performance.now() - start) / 1000;
  addCpuSince(tally, stage.pids, before);
}

function resultOf(stage: Stage, tally: Tally, concurrency: number): StageResult {
  const { count: done, p50, p99 } = summarize(tally.latencies);
  const { loadgen, querySvc, meili } = tally.cpuMs;
  return {
    label: stage.label,
    concurrency,
    qps: done / tally.seconds,
    p50,
    p99,
    errors: tally.errors,
    cpu: { loadgen: loadgen / done, querySvc: querySvc / done, meili: meili / done },
  };
}

/** Slice lengths adding up to `seconds`: whole slices, then what is left. */
function sliceLengths(seconds: number, sliceSeconds: number): number[] {
  if (!(sliceSeconds > 0)) throw new Error(`a slice must last some time, not ${sliceSeconds} s`);
  const slice = Math.min(sliceSeconds, seconds);
  const lengths: number[] = [];
  for (let left = seconds; left > 1e-9; left -= slice) lengths.push(Math.min(slice, left));
  return lengths;
}

/**
 * The stages compared with each other, `seconds` each at `concurrency`, after 50 warm-up calls
 * each. They run in turns of `sliceSeconds` (one stage at a time, round-robin, until each had
 * `seconds` in all) rather than one after the other: on a shared machine a burst of load from
 * elsewhere then falls on every stage alike instead of on one of them, so their ratios follow
 * the code, not the moment each ran. A slice runs one stage only, so the CPU each process spends
 * in it is that stage's. Returns one result per stage, in `stages`' order.
 */
export async function interleavedLoops(
  stages: readonly Stage[],
  concurrency: number,
  seconds: number,
  sliceSeconds: number,
): Promise<StageResult[]> {
  const tallied = stages.map((stage) => ({ stage, tally: newTally() }));
  for (const { stage, tally } of tallied) await warmUp(stage, tally);
  for (const length of sliceLengths(seconds, sliceSeconds)) {
    for (const { stage, tally } of tallied) {
      const slice = () => runSlice(stage, tally, concurrency, length);
      await (stage.around ? stage.around(slice) : slice());
    }
  }
  return tallied.map(({ stage, tally }) => resultOf(stage, tally, concurrency));
}
