// The two load shapes of the isolation bench: writes offered at a fixed rate whatever the
// system does (open loop, timed from when each was due, so a stall shows in full), and report
// clients asking back to back (closed loop).

export interface WriteSample {
  /** When the write was due, in ms since the phase began. */
  at: number;
  latencyMs: number;
  ok: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `op(i)` offered `ratePerSecond` times a second for `seconds`; every call is awaited at the end. */
export async function openLoop(
  ratePerSecond: number,
  seconds: number,
  op: (i: number) => Promise<unknown>,
): Promise<WriteSample[]> {
  const started = performance.now();
  const total = Math.floor(ratePerSecond * seconds);
  const samples: WriteSample[] = [];
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inflight.push(
      op(i).then(
        () =>
          void samples.push({ at: due - started, latencyMs: performance.now() - due, ok: true }),
        () =>
          void samples.push({ at: due - started, latencyMs: performance.now() - due, ok: false }),
      ),
    );
  }
  await Promise.all(inflight);
  return samples.sort((a, b) => a.at - b.at);
}

export interface ClosedLoop {
  /** Stops asking and resolves with every latency, in ms, and the errors. */
  stop(): Promise<{ latencies: number[]; errors: number; seconds: number }>;
}

/** `concurrency` clients calling `op` back to back until stopped. */
export function closedLoop(concurrency: number, op: (i: number) => Promise<unknown>): ClosedLoop {
  let running = true;
  let errors = 0;
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const client = async () => {
    while (running) {
      const t0 = performance.now();
      try {
        await op(next++);
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  const clients = Array.from({ length: concurrency }, client);
  return {
    async stop() {
      running = false;
      await Promise.all(clients);
      return { latencies, errors, seconds: (performance.now() - started) / 1000 };
    },
  };
}
