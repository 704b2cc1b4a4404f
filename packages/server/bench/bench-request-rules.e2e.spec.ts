// bench:request-rules at small scale: it must measure both sides, end with its ratio line
// against rules off, and exit by itself (a leaked socket or child fails the deadline).
import { resolve } from "node:path";
import { runBench } from "@orderlens/testing";
import { describe, expect, it } from "vitest";

const DEADLINE_MS = 120_000;

/** The last line, which scripts read: rules checked against rules off. */
const RATIO_LINE =
  /^request rules: checked \d+ calls\/s = \d+% of rules off \(\d+ calls\/s\), server CPU\/call x\d+\.\d{2} of rules off$/;

const side = (label: string) =>
  new RegExp(
    `^grpc CreateOrder, ${label}: \\d+ calls/s, p50 [\\d.]+ ms, p99 [\\d.]+ ms, server CPU [\\d.]+ ms/call$`,
  );

describe("bench:request-rules", () => {
  it(
    "reads the request rules' cost against the same server with rules off, in the same run",
    async () => {
      const run = await runBench({
        packageRoot: resolve(import.meta.dirname, ".."),
        script: "bench-request-rules",
        env: { BENCH_SECONDS: "1", BENCH_ROUNDS: "1" },
        timeoutMs: DEADLINE_MS,
      });
      expect(run.last).toMatch(RATIO_LINE);
      expect(run.lines).toContainEqual(expect.stringMatching(side("rules off")));
      expect(run.lines).toContainEqual(expect.stringMatching(side("rules checked")));
      expect(run.lines).toContainEqual(
        expect.stringMatching(/^request rules, in-process: first CreateOrder [\d.]+ ms/),
      );
    },
    DEADLINE_MS + 30_000,
  );
});
