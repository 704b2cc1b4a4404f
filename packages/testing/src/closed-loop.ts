export interface ClosedLoopResult {
  /** Each successful call's duration, ms, in completion order. */
  latencies: number[];
  errors: number;
  /** The first failure, so a run that fails says why. */
  firstError?: unknown;
  elapsedMs: number;
}

/**
 * `concurrency` callers running `op` back to back for `durationMs`: the rate is what the system
 * sustains, not what was offered. `onSecond` runs each second while it lasts (a depth sample).
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  op: (i: number) => Promise<unknown>,
  onSecond?: () => Promise<void>,
): Promise<ClosedLoopResult> {
  const result: ClosedLoopResult = { latencies: [], errors: 0, elapsedMs: 0 };
  let next = 0;
  const start = performance.now();
  const end = start + durationMs;
  const ticker = onSecond ? setInterval(() => void onSecond().catch(() => {}), 1_000) : undefined;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          const i = next++;
          const t0 = performance.now();
          try {
            await op(i);
            result.latencies.push(performance.now() - t0);
          } catch (error) {
            if (result.errors++ === 0) result.firstError = error;
          }
        }
      }),
    );
  } finally {
    if (ticker) clearInterval(ticker);
  }
  result.elapsedMs = performance.now() - start;
  return result;
}

/** Slices of one stage taken in turns with another's, as one result. */
export function joinResults(slices: readonly ClosedLoopResult[]): ClosedLoopResult {
  const joined: ClosedLoopResult = { latencies: [], errors: 0, elapsedMs: 0 };
  for (const r of slices) {
    joined.latencies.push(...r.latencies);
    if (r.errors > 0 && joined.errors === 0) joined.firstError = r.firstError;
    joined.errors += r.errors;
    joined.elapsedMs += r.elapsedMs;
  }
  return joined;
}
