import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { monthDirectory, monthFile, removeMonthFile, replaceMonthFile } from "./month-files.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "orderlens-month-files-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("month files", () => {
  it("lay months out the Hive way", () => {
    expect(monthFile("/h", "2026-11")).toBe("/h/order_lines/month=2026-11/order_lines.parquet");
  });

  it("replace a month's file through a temporary one, leaving nothing else behind", async () => {
    await replaceMonthFile(dir, "2026-11", (tmp) => writeFile(tmp, "first"));
    const written = await replaceMonthFile(dir, "2026-11", async (tmp) => {
      // The temporary file is hidden, in the same directory, and the old file is still whole.
      expect(tmp.startsWith(`${monthDirectory(dir, "2026-11")}/.order_lines.parquet.`)).toBe(true);
      expect(await readFile(monthFile(dir, "2026-11"), "utf8")).toBe("first");
      await writeFile(tmp, "second!");
    });
    expect(written).toEqual({ path: monthFile(dir, "2026-11"), bytes: 7 });
    expect(await readFile(written.path, "utf8")).toBe("second!");
    expect(await readdir(monthDirectory(dir, "2026-11"))).toEqual(["order_lines.parquet"]);
  });

  it("keep the old file when writing the new one fails, and drop the temporary", async () => {
    await replaceMonthFile(dir, "2026-11", (tmp) => writeFile(tmp, "kept"));
    await expect(
      replaceMonthFile(dir, "2026-11", async (tmp) => {
        await writeFile(tmp, "half");
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(await readFile(monthFile(dir, "2026-11"), "utf8")).toBe("kept");
    expect(await readdir(monthDirectory(dir, "2026-11"))).toEqual(["order_lines.parquet"]);
  });

  it("remove a month's file and its directory, whether or not there was one", async () => {
    await replaceMonthFile(dir, "2026-11", (tmp) => writeFile(tmp, "stale"));
    await removeMonthFile(dir, "2026-11");
    await removeMonthFile(dir, "2026-12");
    expect(await readdir(join(dir, "order_lines"))).toEqual([]);
  });

  it("leave a month directory that holds something else", async () => {
    await mkdir(monthDirectory(dir, "2026-11"), { recursive: true });
    await writeFile(join(monthDirectory(dir, "2026-11"), "notes.txt"), "mine");
    await removeMonthFile(dir, "2026-11");
    expect(await readdir(monthDirectory(dir, "2026-11"))).toEqual(["notes.txt"]);
  });
});
