import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProjectorHarness, startProjectorHarness } from "../../test/projector-harness.js";
import { historyEventCount, historyOrders, historyZone } from "./__fixtures__/history-orders.js";

const run = promisify(execFile);
let h: ProjectorHarness;
let scratch: string;

beforeAll(async () => {
  h = await startProjectorHarness("history export cli");
  for (const [orderId, events] of Object.entries(historyOrders)) await h.append(orderId, events);
  scratch = await mkdtemp(join(tmpdir(), "orderlens-history-cli-"));
});
afterAll(async () => {
  await h?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function exportCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
  const fullEnv = {
    ...process.env,
    MYSQL_URL: h.config.mysqlUrl,
    REPORT_TIME_ZONE: historyZone,
    ...env,
  };
  return run(process.execPath, [cli, "export", ...args], { env: fullEnv }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: CliRun) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe("orderlens-projector export", () => {
  it("prints each month and a summary of rows, files, bytes and rows/s", async () => {
    const dir = join(scratch, "given");
    const { code, stdout } = await exportCli([
      "--from",
      "2026-01",
      "--to",
      "2026-04",
      "--dir",
      dir,
    ]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe(
      `replayed ${historyEventCount}/${historyEventCount} events, 7 lines in range`,
    );
    expect(lines.slice(1, 5)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^month=2026-01: 3 rows, \\d+\\.\\d MB -> ${dir}/order_lines/month=2026-01/order_lines\\.parquet$`,
        ),
      ),
      expect.stringMatching(/^month=2026-02: 3 rows, /),
      expect.stringMatching(/^month=2026-03: 1 rows, /),
      "month=2026-04: 0 rows, no file",
    ]);
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^exported: 7 rows, 3 files, [\\d,]+ bytes \\(\\d+\\.\\d MB\\), [\\d,]+ rows/s \\(\\d+\\.\\d s, ${historyEventCount} events replayed\\)$`,
      ),
    );
    expect(await readdir(join(dir, "order_lines"))).toHaveLength(3);
  });

  it("writes to HISTORY_DIR when no --dir is given", async () => {
    const dir = join(scratch, "configured");
    const { code } = await exportCli(["--from", "2026-03", "--to", "2026-03"], {
      HISTORY_DIR: dir,
    });
    expect(code).toBe(0);
    expect(await readdir(join(dir, "order_lines"))).toEqual(["month=2026-03"]);
  });

  it("exits 2 with the reason and the usage for bad arguments, writing nothing", async () => {
    const dir = join(scratch, "refused");
    const cases: [string[], string][] = [
      [
        ["--from", "2026-03", "--to", "2026-02"],
        'export: --to "2026-02": must not be before 2026-03',
      ],
      [["--from", "2026-3", "--to", "2026-04"], 'export: --from "2026-3": must be YYYY-MM'],
      [["--to", "2026-04"], "export: missing --from"],
      [["--from", "2026-01", "--to", "2026-02", "--form", "x"], "export: Unknown option '--form'"],
    ];
    for (const [args, reason] of cases) {
      const { code, stdout, stderr } = await exportCli([...args, "--dir", dir]);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toContain(reason);
      expect(stderr).toContain("usage: orderlens-projector export --from YYYY-MM --to YYYY-MM");
      expect(stdout).toBe("");
    }
    await expect(readdir(dir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("exits 1 naming the variable when the configuration is wrong", async () => {
    const { code, stderr } = await exportCli(["--from", "2026-01", "--to", "2026-01"], {
      HISTORY_DIR: "bad\u0001dir",
    });
    expect(code).toBe(1);
    expect(stderr).toContain("HISTORY_DIR must be a directory path without control characters");
  });
});
