// bench:commands at small scale, so it cannot rot: both gRPC stages and the raw MySQL reference
// run, the bench exits by itself (a leaked handle fails it at the deadline), and its last line is
// the ratio line scripts read.
import { resolve } from "node:path";
import { runBench } from "@orderlens/testing";
import { describe, expect, it } from "vitest";

const DEADLINE_MS = 90_000;

/** The last line, which scripts read: the top concurrency's rate and p99 against raw MySQL's. */
const RATIO_LINE =
  /^commands: c=8 [1-9]\d* commands\/s = \d+% of raw MySQL \([1-9]\d*\/s\), p99 x\d+\.\d\d of raw \(\d+\.\d ms vs \d+\.\d ms\), outbox max \d+, end \d+$/;

/** A row of the stage table: label, concurrency, commands/s, p50, p99, outbox max and end. */
const row = (label: string, concurrency: number) =>
  new RegExp(`^${label} +${concurrency} +[1-9]\\d* +\\d+\\.\\d\\d +\\d+\\.\\d\\d +\\d+ +\\d+$`);

describe("bench:commands", () => {
  it(
    "reads CreateOrder over gRPC against raw MySQL's rate for the same rows, same run",
    async () => {
      const run = await runBench({
        packageRoot: resolve(import.meta.dirname, ".."),
        script: "bench-commands",
        env: { BENCH_SECONDS: "2", BENCH_CONCURRENCY: "1,8" },
        timeoutMs: DEADLINE_MS,
      });
      expect(run.last).toMatch(RATIO_LINE);
      expect(run.lines).toContainEqual(expect.stringMatching(row("gRPC CreateOrder", 1)));
      expect(run.lines).toContainEqual(expect.stringMatching(row("gRPC CreateOrder", 8)));
      expect(run.lines).toContainEqual(expect.stringMatching(row("raw MySQL inserts", 8)));
      expect(run.lines).toContainEqual(
        expect.stringMatching(/^reference: raw MySQL, .* at concurrency 8, same server and run$/),
      );
      expect(run.lines).toContainEqual(
        expect.stringMatching(
          /^targets at concurrency 8: rate >= 50% of raw: \d+%, (met|NOT MET); p99 <= x\d+\.\d of raw p99: x\d+\.\d\d, (met|NOT MET)$/,
        ),
      );
      // Failed calls are printed and make the run exit 1 (runBench throws on that).
      expect(run.stdout).not.toContain("calls failed");
    },
    DEADLINE_MS + 30_000,
  );
});
