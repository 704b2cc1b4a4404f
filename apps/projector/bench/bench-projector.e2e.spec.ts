// The drain bench at small scale, so it cannot rot: it seeds, measures the broker's, MySQL's and
// Meilisearch's limits on the same data, drains, times the visible lag, rebuilds, retires, exits
// by itself, and ends with the line scripts read.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBench, testMeiliEngine } from "@orderlens/testing";
import { describe, expect, it } from "vitest";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const ratioLine =
  /^projector: applied (\d+) events\/s \((\d+\.\d)% of limit (\d+)\), converged (\d+) events\/s \((\d+\.\d)% of limit (\d+)\)$/;

describe("bench:projector", () => {
  it("runs at small scale, exits by itself and ends with the ratio line", async () => {
    const { stdout, last } = await runBench({
      packageRoot,
      script: "bench-projector",
      timeoutMs: 180_000,
      env: { BENCH_MEILI: testMeiliEngine(), BENCH_ORDERS: "1000", BENCH_LAG_SECONDS: "2" },
    });
    expect(stdout).toMatch(/^ {2}RabbitMQ consume-and-ack: 4000 messages, prefetch \d+/m);
    expect(stdout).toMatch(/^ {2}MySQL upsert: the read schema's rows for 4000 events/m);
    expect(stdout).toMatch(/^ {2}Meilisearch add documents: \d+ documents \(the final ones\)/m);
    expect(stdout).toContain("verify: clean");
    expect(stdout).toMatch(/^visible lag at \d+ commands\/s/m);
    expect(stdout).toMatch(/^rebuild: .* verify after: clean$/m);
    expect(stdout).toMatch(/^retention .* verify under the windows: clean$/m);
    expect(stdout).toMatch(
      /^targets \((stand-in|real)\): applied >= 20% of its limit: \d+\.\d%, (met|NOT MET); converged >= 20%: \d+\.\d%, (met|NOT MET); lag p99 <= x5 of the floor's: x\d+\.\d\d, (met|NOT MET)$/m,
    );
    const [, applied, appliedPct, appliedLimit, converged, convergedPct, convergedLimit] =
      last.match(ratioLine) ?? [];
    expect(last).toMatch(ratioLine);
    // The percentages are the figures over their limits, and converging includes applying.
    expect(Number(appliedPct)).toBeCloseTo((100 * Number(applied)) / Number(appliedLimit), 0);
    expect(Number(convergedPct)).toBeCloseTo((100 * Number(converged)) / Number(convergedLimit), 0);
    expect(Number(converged)).toBeLessThanOrEqual(Number(applied));
    expect(Number(convergedLimit)).toBeLessThanOrEqual(Number(appliedLimit));
  }, 200_000);
});
