// Where a workspace package's bin points, read from its package.json: npm links no bins for the
// workspaces themselves, and root scripts run bins, never another package's dist/ path.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const repoRoot = resolve(import.meta.dirname, "..");

/** The file that the bin `binName` of the workspace package `packageName` runs. */
export function packageBin(packageName, binName) {
  const dir = join(repoRoot, "node_modules", packageName);
  const { bin } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = typeof bin === "object" ? bin[binName] : undefined;
  if (!file) throw new Error(`${packageName} has no bin named ${binName}`);
  return resolve(dir, file);
}
