// The isolation bench at small scale, so it cannot rot: it seeds both systems, requires their
// reports to agree, runs every phase, writes its chart, exits by itself, and ends with the line
// scripts read.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { testMeiliEngine } from "@orderlens/testing";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const e2eRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let scratch: string | undefined;

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("bench:isolation", () => {
  it("runs at small scale, exits by itself and ends with the ratio line", async () => {
    scratch = await mkdtemp(join(tmpdir(), "orderlens-isolation-"));
    const chart = join(scratch, "isolation.svg");
    await run("npx", ["tsc", "-p", "tsconfig.bench.json"], { cwd: e2eRoot });
    const { stdout } = await run(process.execPath, ["dist-bench/bench/bench-isolation.js"], {
      cwd: e2eRoot,
      // A leaked handle would keep the bench alive: the timeout fails the test then.
      timeout: 240_000,
      env: {
        ...process.env,
        BENCH_MEILI: testMeiliEngine(),
        BENCH_ORDERS: "2000",
        BENCH_PHASE_SECONDS: "2",
        BENCH_WRITE_RATE: "100",
        BENCH_CHART: chart,
      },
    });
    const lines = stdout.trim().split("\n");
    expect(stdout).toContain("seeded and agreeing (every month, product and region)");
    expect(lines.at(-1)).toMatch(
      /^isolation: orderlens write p99 x\d+\.\d\d, baseline write p99 x\d+\.\d\d, report speedup x\d+\.\d$/,
    );
    const svg = await readFile(chart, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("reports c=16");
  }, 300_000);
});
