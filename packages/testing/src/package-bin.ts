import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";

const require = createRequire(import.meta.url);

/**
 * The file a workspace package's bin runs, from its package.json (npm links no bins for the
 * workspaces themselves), so tests and benches start the services as `npm start` does instead of
 * reaching into another package's dist/. The package must export `./package.json`.
 */
export function packageBin(packageName: string, binName?: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const file = typeof bin === "string" ? bin : bin?.[binName ?? Object.keys(bin ?? {})[0] ?? ""];
  if (!file) throw new Error(`${packageName} has no bin${binName ? ` named ${binName}` : ""}`);
  return resolve(dirname(manifestPath), file);
}
