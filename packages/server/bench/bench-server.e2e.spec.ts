// bench:server at small scale: it must measure every row, end with its ratio line against the
// bare grpc-js echo, and exit by itself (a leaked socket or child fails the deadline).
import { resolve } from "node:path";
import { runBench } from "@orderlens/testing";
import { describe, expect, it } from "vitest";

const DEADLINE_MS = 120_000;

/** The last line, which scripts read: our grpc, connect and grpc-web against the echo. */
const RATIO_LINE =
  /^server: logs off, grpc \d+ calls\/s = \d+% of a bare grpc-js echo \(\d+ calls\/s\), server CPU\/call x\d+\.\d{2} of it; connect \d+%, grpc-web \d+% of the same echo's calls\/s$/;

/** A table row with no failed call: server, protocol, concurrency, figures, then 0 errors. */
const row = (server: string, protocol: string) =>
  new RegExp(
    `^${server} +${protocol} +\\d+ +\\d+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +\\d+ +0 +\\d+% +x\\d+\\.\\d{2}$`,
  );

describe("bench:server", () => {
  it(
    "reads the one-port server against a bare grpc-js echo measured in the same rounds",
    async () => {
      const run = await runBench({
        packageRoot: resolve(import.meta.dirname, ".."),
        script: "bench-server",
        env: {
          BENCH_SECONDS: "1",
          BENCH_ROUNDS: "1",
          BENCH_LOG_LINES: "10000",
          BENCH_LOG_MODES: "off",
        },
        timeoutMs: DEADLINE_MS,
      });
      expect(run.last).toMatch(RATIO_LINE);
      expect(run.lines).toContainEqual(expect.stringMatching(/^reference: bare grpc-js echo \(/));
      expect(run.lines).toContainEqual(expect.stringMatching(row("bare grpc-js echo", "grpc")));
      for (const protocol of ["grpc", "connect", "grpc-web"]) {
        expect(run.lines).toContainEqual(
          expect.stringMatching(row("one-port, logs off", protocol)),
        );
      }
    },
    DEADLINE_MS + 30_000,
  );
});
