// The isolation bench at small scale, so it cannot rot: it seeds both systems, requires their
// reports to agree, runs every phase shared and pinned, writes both charts, exits by itself, and
// ends with the line scripts read.
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
        BENCH_CHART_DIR: scratch,
      },
    });
    const lines = stdout.trim().split("\n");
    expect(stdout).toContain("seeded, agreeing (every month, product and region) and settled");
    expect(stdout).toContain("=== every process on both cores");
    expect(stdout).toContain("=== write side and read side on separate cores");
    expect(lines.at(-1)).toMatch(
      /^isolation: orderlens write p99 x\d+\.\d\d, baseline write p99 x\d+\.\d\d, report speedup x\d+\.\d$/,
    );
    for (const mode of ["shared", "split"]) {
      const svg = await readFile(join(scratch, `isolation-${mode}.svg`), "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).toContain("reports c=16");
    }
  }, 300_000);
});
