// The export bench at small scale, so it cannot rot: it seeds a fresh event store, exports all
// 24 months, writes the same rows plainly with DuckDB for reference, exits by itself and ends
// with the line scripts read.
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const e2eRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("bench:export", () => {
  it("runs at small scale, exits by itself and ends with the export line", async () => {
    await run("npx", ["tsc", "-p", "tsconfig.bench.json"], { cwd: e2eRoot });
    const { stdout } = await run(process.execPath, ["dist-bench/bench/bench-export.js"], {
      cwd: e2eRoot,
      // A leaked handle would keep the bench alive: the timeout fails the test then.
      timeout: 240_000,
      env: { ...process.env, BENCH_ORDERS: "2000" },
    });
    const lines = stdout.trim().split("\n");
    expect(stdout).toMatch(/^seeded: [\d,]+ events in \d+\.\d s$/m);
    expect(stdout).toMatch(/exporting: events replayed \[={20}\]/);
    expect(stdout).toMatch(/^total +[\d,]+ +\d+\.\d$/m);
    expect(stdout).toMatch(/^plain DuckDB COPY of the same rows from an in-memory table: /m);
    expect(lines.at(-1)).toMatch(
      /^export: [\d,]+ rows\/s \(\d+\.\d% of a plain DuckDB write\), 24 files, \d+\.\d MB$/,
    );
  }, 300_000);
});
