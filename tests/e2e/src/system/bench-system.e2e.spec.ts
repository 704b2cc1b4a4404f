// bench:system at small scale, so it cannot rot: ghz drives the whole system, both references
// (raw MySQL, the lag with no load) are measured beside it, the bench exits by itself (a leaked
// handle fails it at the deadline), and its last line is the ratio line scripts read.
import { resolve } from "node:path";
import { runBench, testMeiliEngine } from "@orderlens/testing";
import { describe, expect, it } from "vitest";
import { findGhz } from "../../bench/ghz.js";

const DEADLINE_MS = 150_000;

const ENGINE_FIGURES =
  "(stand-in|real) [1-9]\\d* commands/s = \\d+% of raw MySQL \\([1-9]\\d*/s\\), read-your-writes lag p99 x\\d+\\.\\d of the idle p50 \\(\\d+ ms vs \\d+ ms\\)";

/** The last line, which scripts read: each engine's rate against raw MySQL, lag against idle. */
const RATIO_LINE = new RegExp(`^system: ${ENGINE_FIGURES}(; ${ENGINE_FIGURES})*$`);

/** A ghz row of the bench's tables with no failed call. */
const ghzRow = (call: string) =>
  new RegExp(
    `^${call} +[1-9]\\d* calls +\\d+/s +p50 +\\d+\\.\\d ms +p99 +\\d+\\.\\d ms +0 errors$`,
  );

describe("bench:system", () => {
  it(
    "drives the system with ghz and reads it against raw MySQL and its idle lag, same run",
    async () => {
      // Fails here, saying how to install it, when ghz is missing.
      findGhz();
      const engine = testMeiliEngine();
      const run = await runBench({
        packageRoot: resolve(import.meta.dirname, "..", ".."),
        script: "bench-system",
        env: {
          BENCH_MEILI: engine,
          BENCH_CONCURRENCY: "8",
          BENCH_SECONDS: "3",
          BENCH_IDLE_SECONDS: "3",
          BENCH_PROBE_RATE: "10",
        },
        timeoutMs: DEADLINE_MS,
      });
      expect(run.last).toMatch(RATIO_LINE);
      expect(run.last).toContain(`system: ${engine} `);
      expect(run.lines).toContainEqual(
        expect.stringMatching(
          /^raw MySQL: what one CreateOrder commits .* concurrency 8: [1-9]\d*\/s, p50 \d+\.\d ms, p99 \d+\.\d ms, 0 errors$/,
        ),
      );
      expect(run.lines).toContainEqual(
        expect.stringMatching(/^read-your-writes lag with no load .*, [1-9]\d* probes, 0 failed: /),
      );
      expect(run.lines).toContainEqual(
        expect.stringMatching(/^read-your-writes lag under load, [1-9]\d* probes, 0 failed: /),
      );
      expect(run.lines.filter((l) => ghzRow("CreateOrder").test(l))).toHaveLength(2);
      expect(run.lines).toContainEqual(expect.stringMatching(ghzRow("CompleteOrder")));
      expect(run.lines).toContainEqual(
        expect.stringMatching(
          /^targets \(ratios to the references above\): rate >= \d+% of raw MySQL: \d+%, (met|NOT MET); lag p99 <= x\d+ of the idle p50: x\d+\.\d, (met|NOT MET)$/,
        ),
      );
    },
    DEADLINE_MS + 30_000,
  );
});
