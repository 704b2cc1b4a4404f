// Which environment variables each service reads: the names its configuration schema declares
// (apps/<name>/src/config.ts, shared blocks included), exported as configVariables.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect } from "vitest";

export const repoRoot = resolve(import.meta.dirname, "../..");

/** The apps that are services: apps/<name> with a CLI. */
export const apps = readdirSync(join(repoRoot, "apps")).filter((name) =>
  existsSync(join(repoRoot, "apps", name, "src", "cli.ts")),
);

/** Each service exports the names its configuration schema reads (shared blocks included). */
async function variablesOf(app: string): Promise<Set<string>> {
  const manifest = join(repoRoot, "apps", app, "package.json");
  const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name: string };
  const { configVariables } = (await import(name)) as { configVariables?: unknown };
  if (!(configVariables instanceof Set)) throw new Error(`${name} exports no configVariables`);
  return new Set([...configVariables].map(String));
}
const readsByApp = new Map(
  await Promise.all(apps.map(async (app) => [app, await variablesOf(app)] as const)),
);
export const readsOf = (app: string): Set<string> => {
  const reads = readsByApp.get(app);
  if (!reads) throw new Error(`deploy/ runs apps/${app}, which has no src/cli.ts`);
  return reads;
};
export const readByAnyApp = new Set([...readsByApp.values()].flatMap((s) => [...s]));

/** The variable that sets an app's listening port: the one *_PORT name its config reads. */
export const portVariable = (app: string) => {
  const ports = [...readsOf(app)].filter((n) => n.endsWith("_PORT"));
  expect(ports, `apps/${app} should read exactly one *_PORT variable`).toHaveLength(1);
  return ports[0] ?? "";
};
