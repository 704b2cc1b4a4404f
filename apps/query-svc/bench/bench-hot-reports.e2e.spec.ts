// bench:hot-reports at small scale, so it cannot rot: every phase runs without an error, the
// cached phases answer from the cache, the bench exits by itself (a leaked client, consumer or
// child fails it at the deadline), and its last line is the ratio line scripts read.
import { describe, expect, it } from "vitest";
import { deadlineMs, engineLabel, runSmallScale } from "./small-scale-run.js";

/** The last line: the cache's gain over the same reports without it, same run. */
const ratioLine = new RegExp(
  String.raw`^hot reports: cache cpu/query x\d+\.\d lower, p50 x\d+\.\d lower \(${engineLabel}\) at c=4, product top 20 report$`,
);

/** A phase row at concurrency 4 with no failed report, and its hit rate. */
const row = (label: string, hitRate: string) =>
  new RegExp(
    String.raw`^${label} +4 +[1-9]\d* +\d+\.\d\d +\d+\.\d\d +0 +${hitRate} +[\d.]+ +[\d.-]+ +[\d.-]+$`,
  );

describe("bench:hot-reports", () => {
  it(
    "runs at small scale, exits by itself and ends with the ratio line",
    async () => {
      const { lines, last } = await runSmallScale("bench-hot-reports");

      expect(lines).toContain(`=== Meilisearch: ${engineLabel}`);
      // A cached phase must be answered from the cache: a notice drops one entry at most.
      const cached = String.raw`(9\d|100)\.\d%`;
      for (const report of ["product top 20", "region"]) {
        expect(lines).toContainEqual(expect.stringMatching(row(`${report}, cache off`, "-")));
        expect(lines).toContainEqual(expect.stringMatching(row(`${report}, cache on`, cached)));
        expect(lines).toContainEqual(
          expect.stringMatching(row(`${report}, cache on, notices`, cached)),
        );
      }
      expect(lines).toContainEqual(
        expect.stringMatching(row("hop: HTTP round trip, \\d+ B from memory", "-")),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(row("Meilisearch direct: the region report's read", "-")),
      );
      expect(lines).toContain("cache off / cache on, same run (x = times lower with the cache):");
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^product top 20 at c=4: query-svc CPU per report x\d+\.\d, p50 x\d+\.\d; with a notice for the month every 500 ms x\d+\.\d, x\d+\.\d$/,
        ),
      );
      expect(last).toMatch(ratioLine);
    },
    deadlineMs + 30_000,
  );
});
