import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./service-variables.js";

// `npm start` picks its Meilisearch through scripts/local-meili.mjs: a real one from MEILI_BIN or
// PATH when the machine has it, else the stand-in. Run in a child so the script is tested as the
// plain ESM that npm start loads.
const script = join(repoRoot, "scripts", "local-meili.mjs");
const scratch = mkdtempSync(join(tmpdir(), "orderlens-local-meili-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Choice {
  engine: "real" | "stand-in";
  command: string;
  args: string[];
  ownEnv: Record<string, string>;
  serviceEnv: Record<string, string>;
  announce: string;
}

function choose(env: Record<string, string>, dataDir: string) {
  const code = `import { localMeili } from ${JSON.stringify(script)};
try {
  console.log(JSON.stringify(localMeili({ env: process.env, dataDir: ${JSON.stringify(dataDir)}, standInBin: "stand-in.js" })));
} catch (error) { console.error(error.message); process.exit(3); }`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    encoding: "utf8",
    env: { PATH: "/usr/bin:/bin", ...env },
    timeout: 30_000,
  });
  return {
    status: result.status,
    stderr: result.stderr,
    choice: result.status === 0 ? (JSON.parse(result.stdout) as Choice) : undefined,
  };
}

/** A folder holding an executable `meilisearch` that answers --version as the real one does. */
function fakeMeiliOnPath(name: string) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, "meilisearch");
  writeFileSync(
    bin,
    '#!/bin/sh\n[ "$1" = --version ] && echo "meilisearch 1.50.0" && exit 0\nexit 1\n',
  );
  chmodSync(bin, 0o755);
  return { dir, bin };
}

const argAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe("npm start's Meilisearch", () => {
  it("is the stand-in, announced loudly, when the machine has no meilisearch", () => {
    const data = join(scratch, "none");
    const { choice } = choose({}, data);
    expect(choice?.engine).toBe("stand-in");
    expect(choice?.args).toEqual(["stand-in.js"]);
    expect(choice?.announce).toMatch(/^!!! .*stand-in.* !!!$/);
    expect(choice?.serviceEnv).toEqual({ MEILI_URL: "http://127.0.0.1:7700" });
    expect(choice?.ownEnv.MEILI_SNAPSHOT).toBe(join(data, "meili-snapshot.json"));
  });

  it("is the meilisearch on PATH, on 7700 with its data in .data/meili and a generated master key", () => {
    const fake = fakeMeiliOnPath("on-path");
    const data = join(scratch, "path-data");
    const { choice } = choose({ PATH: `${fake.dir}:/usr/bin:/bin` }, data);
    expect(choice?.engine).toBe("real");
    expect(choice?.command).toBe("meilisearch");
    const args = choice?.args ?? [];
    expect(argAfter(args, "--http-addr")).toBe("127.0.0.1:7700");
    expect(argAfter(args, "--db-path")).toBe(join(data, "meili", "data.ms"));
    expect(args).toContain("--no-analytics");
    const keyFile = join(data, "meili", "master-key");
    const key = readFileSync(keyFile, "utf8").trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(argAfter(args, "--master-key")).toBe(key);
    expect(choice?.serviceEnv).toEqual({
      MEILI_URL: "http://127.0.0.1:7700",
      MEILI_MASTER_KEY: key,
    });
    expect(choice?.announce).toContain("meilisearch 1.50.0");
    // Small documents batches are ten times faster with a small indexing budget (README).
    expect(choice?.ownEnv).toEqual({ MEILI_MAX_INDEXING_MEMORY: "256MiB" });
    const own = choose(
      { PATH: `${fake.dir}:/usr/bin:/bin`, MEILI_MAX_INDEXING_MEMORY: "1GiB" },
      data,
    );
    expect(own.choice?.ownEnv).toEqual({ MEILI_MAX_INDEXING_MEMORY: "1GiB" });
  });

  it("keeps the same master key across restarts, so the data stays readable", () => {
    const fake = fakeMeiliOnPath("restart");
    const data = join(scratch, "restart-data");
    const first = choose({ PATH: `${fake.dir}:/usr/bin:/bin` }, data).choice;
    const second = choose({ PATH: `${fake.dir}:/usr/bin:/bin` }, data).choice;
    expect(second?.serviceEnv.MEILI_MASTER_KEY).toBe(first?.serviceEnv.MEILI_MASTER_KEY);
  });

  it("prefers MEILI_BIN over PATH, and fails clearly when MEILI_BIN does not run", () => {
    const onPath = fakeMeiliOnPath("path-loses");
    const explicit = fakeMeiliOnPath("explicit");
    const data = join(scratch, "bin-data");
    const { choice } = choose(
      { PATH: `${onPath.dir}:/usr/bin:/bin`, MEILI_BIN: explicit.bin },
      data,
    );
    expect(choice?.command).toBe(explicit.bin);
    const missing = choose({ MEILI_BIN: join(scratch, "no-such-meilisearch") }, data);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain(
      `MEILI_BIN=${join(scratch, "no-such-meilisearch")} does not run`,
    );
  });
});
