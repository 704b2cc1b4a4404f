// bench:queries at small scale, so it cannot rot: every stage runs through query-svc and straight
// to Meilisearch without an error, the bench exits by itself (a leaked client or child fails it
// at the deadline), and its last line is the ratio line scripts read.
import { describe, expect, it } from "vitest";
import { deadlineMs, engineLabel, runSmallScale } from "./small-scale-run.js";

const ratios = String.raw`cpu x\d+\.\d\d p50 x\d+\.\d\d p99 x\d+\.\d\d throughput \d+%`;

/** The last line, at the one concurrency measured, for the one engine measured. */
const ratioLine = new RegExp(
  String.raw`^queries: query-svc / the direct keep-alive client \(same reads, same run\) at c=4: report ${ratios}, search ${ratios} \(${engineLabel}\)$`,
);

/** A table row at concurrency 4 with no failed query. */
const row = (label: string) =>
  new RegExp(String.raw`^${label} +4 +[1-9]\d* +\d+\.\d\d +\d+\.\d\d +0 `);

/** A verdict line: the ratios to the reference, met or not, then the official client's. */
const verdict = (query: string) =>
  new RegExp(
    String.raw`^${query} at c=4: ${ratios}, (met|NOT MET \(cpu\)); over the official client's fetch, for reading: ${ratios}$`,
  );

describe("bench:queries", () => {
  it(
    "runs at small scale, exits by itself and ends with the ratio line",
    async () => {
      const { lines, last } = await runSmallScale("bench-queries");

      expect(lines).toContain(`=== Meilisearch: ${engineLabel}`);
      for (const label of [
        "GetSalesReport, query-svc",
        "same reads, keep-alive client",
        "same reads, official client, fetch",
        "SearchOrders, query-svc",
        "same search, keep-alive client",
        "same search, official client, fetch",
      ]) {
        expect(lines).toContainEqual(expect.stringMatching(row(label)));
      }
      expect(lines).toContainEqual(
        expect.stringMatching(/^reference: the direct keep-alive client, /),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^targets at every concurrency, query-svc over the reference: CPU per query, every process on the path, <= x\d+\.\d\d; p50, p99 and throughput for reading$/,
        ),
      );
      expect(lines).toContainEqual(expect.stringMatching(verdict("GetSalesReport")));
      expect(lines).toContainEqual(expect.stringMatching(verdict("SearchOrders")));
      expect(last).toMatch(ratioLine);
    },
    deadlineMs + 30_000,
  );
});
