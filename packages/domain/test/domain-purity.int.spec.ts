import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

// The domain's purity is a lint rule (biome.json override on packages/domain/src). This proves the
// rule fires, by linting a probe file placed where domain code lives.
const repoRoot = resolve(import.meta.dirname, "../../..");
const run = promisify(execFile);
const probes: string[] = [];

interface Diagnostic {
  category: string;
}

async function lintProbe(pkgDir: string, source: string): Promise<string[]> {
  const file = join(repoRoot, pkgDir, `__lint_probe_${randomBytes(4).toString("hex")}.ts`);
  probes.push(file);
  await writeFile(file, source);
  const biome = join(repoRoot, "node_modules/.bin/biome");
  const result = await run(biome, ["lint", "--reporter=json", file], { cwd: repoRoot }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
  );
  const report = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
  return report.diagnostics.map((d) => d.category);
}

afterEach(async () => {
  await Promise.all(probes.splice(0).map((p) => rm(p, { force: true })));
});

describe("domain purity lint rule", () => {
  it("rejects node:* and I/O library imports in packages/domain", async () => {
    const categories = await lintProbe(
      "packages/domain/src",
      'import { readFile } from "node:fs";\nimport mysql from "mysql2/promise";\nimport amqp from "amqplib";\nexport const x = [readFile, mysql, amqp];\n',
    );
    expect(categories).toContain("lint/correctness/noNodejsModules");
    expect(categories.filter((c) => c === "lint/style/noRestrictedImports")).toHaveLength(2);
  });

  it("allows the same imports outside the domain's source (here: its tests)", async () => {
    const categories = await lintProbe(
      "packages/domain/test",
      'import { readFile } from "node:fs";\nimport mysql from "mysql2/promise";\nexport const x = [readFile, mysql];\n',
    );
    expect(categories).toEqual([]);
  });
});
