// bench:meili at small scale: it must measure over HTTP and in-process, end with its ratio line
// against the plain in-process search, and exit by itself (a leaked socket, timer or stand-in
// process fails the deadline).
import { resolve } from "node:path";
import { runBench } from "@orderlens/testing";
import { describe, expect, it } from "vitest";

const DEADLINE_MS = 120_000;
const DOCS = 5000;

const X = String.raw`x\d+\.\d{2}`;
const MS = String.raw`\d+\.\d{2} ms`;

/** The last line, which scripts read: the stand-in's figures as multiples of the reference. */
const RATIO_LINE = new RegExp(
  `^meili: ${DOCS} docs over HTTP, search p50 ${X}, p99 ${X} of a plain in-process filter\\+sort\\+top-20; facets p50 ${X}, p99 ${X} of a plain in-process facet count; index ${X} of a JSON round trip of the same docs$`,
);

describe("bench:meili", () => {
  it(
    "reads the stand-in against a plain in-process search over the same documents",
    async () => {
      const run = await runBench({
        packageRoot: resolve(import.meta.dirname, ".."),
        script: "bench-meili",
        env: { BENCH_DOCS: String(DOCS) },
        timeoutMs: DEADLINE_MS,
      });
      expect(run.last).toMatch(RATIO_LINE);
      const expected = [
        `^index ${DOCS} docs \\(HTTP, addDocuments -> task succeeded\\): ${MS}$`,
        `^filtered\\+sorted search over HTTP, 1000 queries: p50 ${MS}, p99 ${MS}, max ${MS}$`,
        `^facet distribution \\(4 facets, all ${DOCS} docs\\) over HTTP, 100 runs: p50 ${MS}, p99 ${MS}, max ${MS}$`,
        `^plain filter \\+ sort \\+ top 20, the same 1000 queries: p50 ${MS}, p99 ${MS}, max ${MS}$`,
        `^plain facet count \\(4 facets, all docs\\), 100 runs: p50 ${MS}, p99 ${MS}, max ${MS}$`,
        `^JSON round trip of the docs \\(stringify \\+ parse\\), median of 5: ${MS}$`,
      ];
      for (const line of expected) {
        expect(run.lines).toContainEqual(expect.stringMatching(new RegExp(line)));
      }
    },
    DEADLINE_MS + 30_000,
  );
});
