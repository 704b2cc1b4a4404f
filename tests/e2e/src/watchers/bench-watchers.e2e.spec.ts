// bench:watchers at small scale, so it cannot rot: watchers on query-svc while orders flow, then
// the bare grpc-js fan-out of the same message to as many streams, the bench exits by itself (a
// leaked stream, channel or child fails it at the deadline), and its last line is the ratio line
// scripts read.
import { resolve } from "node:path";
import { runBench } from "@orderlens/testing";
import { describe, expect, it } from "vitest";

const DEADLINE_MS = 120_000;

/** The last line, which scripts read: query-svc's fan-out as multiples of the bare one's. */
const RATIO_LINE =
  /^watchers: fan-out p99 x\d+\.\d of a bare grpc-js stream fan-out \(\d+ ms vs \d+ ms\), CPU per update per watcher x\d+\.\d of it \(\d+\.\d µs vs \d+\.\d\d µs\), 40 streams$/;

describe("bench:watchers", () => {
  it(
    "reads query-svc's fan-out against a bare grpc-js fan-out measured in the same run",
    async () => {
      const run = await runBench({
        packageRoot: resolve(import.meta.dirname, "..", ".."),
        script: "bench-watchers",
        env: {
          BENCH_WATCHERS: "40",
          BENCH_RATE: "20",
          BENCH_SECONDS: "3",
          BENCH_IDLE_SECONDS: "1",
          BENCH_REFERENCE_SECONDS: "2",
        },
        timeoutMs: DEADLINE_MS,
      });
      expect(run.last).toMatch(RATIO_LINE);
      expect(run.lines).toContainEqual(
        expect.stringMatching(
          /^reference: a bare @grpc\/grpc-js server in a process of its own streaming the same \d+-byte message to 40 streams over 1 channel, /,
        ),
      );
      const flows = run.lines.filter((l) =>
        /^orders flowing +\d+ commands in .*, 0 failed \{\}$/.test(l),
      );
      expect(flows).toHaveLength(2);
      // Every update the bare server sent arrived, and each was timed.
      expect(run.lines).toContainEqual(
        expect.stringMatching(/^updates +(\d+) received of \1 sent, \1 timed$/),
      );
      expect(run.lines).toContainEqual(
        expect.stringMatching(
          /^fan-out latency +p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms \(notice -> receipt\)$/,
        ),
      );
      expect(run.lines).toContainEqual(
        expect.stringMatching(
          /^targets \(multiples of the bare fan-out\): fan-out p99 <= x\d+: x\d+\.\d, (met|NOT MET); CPU per update per watcher <= x\d+: x\d+\.\d, (met|NOT MET)$/,
        ),
      );
    },
    DEADLINE_MS + 30_000,
  );
});
