import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, rmdir } from "node:fs/promises";
import { join } from "node:path";

/** The Hive layout: one partition directory per month, one file in it. */
export function monthDirectory(dir: string, month: string): string {
  return join(dir, "order_lines", `month=${month}`);
}

export function monthFile(dir: string, month: string): string {
  return join(monthDirectory(dir, month), "order_lines.parquet");
}

/** fsync, so the rename below can never publish a name whose bytes a crash lost. */
async function syncFile(path: string): Promise<number> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/**
 * Writes a month's file through a temporary one in the same directory (same file system, so the
 * rename is atomic): readers see the old file or the new one, never a half-written one, and a
 * failed write leaves the old one. The temporary name starts with a dot, which DuckDB's
 * `*.parquet` glob, Spark and Trino all skip.
 */
export async function replaceMonthFile(
  dir: string,
  month: string,
  write: (temporary: string) => Promise<void>,
): Promise<{ path: string; bytes: number }> {
  const partition = monthDirectory(dir, month);
  await mkdir(partition, { recursive: true });
  const temporary = join(partition, `.order_lines.parquet.${randomUUID()}.tmp`);
  const path = monthFile(dir, month);
  try {
    await write(temporary);
    const bytes = await syncFile(temporary);
    await rename(temporary, path);
    return { path, bytes };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** A month with no lines has no file: one an earlier export left is removed, and its directory. */
export async function removeMonthFile(dir: string, month: string): Promise<void> {
  await rm(monthFile(dir, month), { force: true });
  await rmdir(monthDirectory(dir, month)).catch((error: NodeJS.ErrnoException) => {
    // Not there, or holding something that is not ours: leave it.
    if (error.code !== "ENOENT" && error.code !== "ENOTEMPTY") throw error;
  });
}
