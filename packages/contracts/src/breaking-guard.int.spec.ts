import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

// scripts/buf-breaking.sh is CI's schema-evolution guard. It runs here against a scratch git
// repository holding a copy of proto/, released at its first commit, then changed.
const repoRoot = resolve(import.meta.dirname, "../../..");
const guard = join(repoRoot, "scripts/buf-breaking.sh");
const commandProto = "proto/orderlens/orders/v1/order_command_service.proto";
/** CreateOrderRequest's customer_id declaration, its field rules included. */
const customerIdField = / {2}string customer_id = 3 \[[^;]*\];\n/;

let scratch: string;

function git(...args: string[]): string {
  return execFileSync("git", args, {
    cwd: scratch,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@t",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@t",
    },
  }).trim();
}

function runGuard(): { status: number | null; output: string } {
  const r = spawnSync("bash", [guard], {
    encoding: "utf8",
    env: { ...process.env, ORDERLENS_REPO_ROOT: scratch },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function edit(path: string, change: (text: string) => string): void {
  const file = join(scratch, path);
  const before = readFileSync(file, "utf8");
  const after = change(before);
  expect(after, `the edit of ${path} changed nothing`).not.toBe(before);
  writeFileSync(file, after);
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "orderlens-breaking-"));
  cpSync(join(repoRoot, "proto"), join(scratch, "proto"), { recursive: true });
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "released contracts");
  writeFileSync(join(scratch, "proto/RELEASED"), `# release\n${git("rev-parse", "HEAD")}\n`);
});

afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe("the breaking-change guard", () => {
  it("passes the repository's own contracts against their last release", () => {
    const r = spawnSync("bash", [guard], { encoding: "utf8", cwd: repoRoot });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it("passes an additive change", () => {
    edit(commandProto, (t) =>
      t.replace(/optional uint64 expected_version = 7[^;]*;/, "$&\n  string note = 99;"),
    );
    const r = runGuard();
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain("no breaking change");
  });

  it("fires on a removed field, naming it", () => {
    edit(commandProto, (t) => t.replace(customerIdField, ""));
    const r = runGuard();
    expect(r.status, r.output).toBe(100);
    expect(r.output).toMatch(
      /Previously present field "3" with name "customer_id" on message "CreateOrderRequest" was deleted/,
    );
    expect(r.output).toContain("record a deliberate exception in proto/buf.yaml");
  });

  it("accepts the removal once buf.yaml records it as a deliberate exception", () => {
    edit(commandProto, (t) => t.replace(customerIdField, ""));
    edit("proto/buf.yaml", (t) =>
      t.replace(
        "breaking:\n  use:\n    - FILE\n",
        "breaking:\n  use:\n    - FILE\n  ignore_only:\n    # Deliberate: customer ids move to the order's customer block (test).\n    FIELD_NO_DELETE:\n      - orderlens/orders/v1/order_command_service.proto\n",
      ),
    );
    const r = runGuard();
    expect(r.status, r.output).toBe(0);
  });

  it("says so when the release commit is not in the clone", () => {
    writeFileSync(join(scratch, "proto/RELEASED"), "0123456789abcdef0123456789abcdef01234567\n");
    const r = runGuard();
    expect(r.status).toBe(2);
    expect(r.output).toContain("is not in this clone");
  });
});
