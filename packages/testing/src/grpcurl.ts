import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const installHint =
  "Install it with: GOFLAGS=-mod=mod go install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3 " +
  "(.ci/run does this), or point $GRPCURL at a binary.";

/**
 * The grpcurl binary: $GRPCURL, Go's default install folder, or PATH. Throws with install
 * instructions when absent, so a test that needs it fails plainly instead of being skipped.
 */
export function findGrpcurl(): string {
  return findGoTool("grpcurl", process.env.GRPCURL, installHint);
}

/** A Go tool's binary: an explicit path, $GOPATH/bin, ~/go/bin or PATH; else an error with `hint`. */
export function findGoTool(name: string, explicit: string | undefined, hint: string): string {
  const gopath = process.env.GOPATH?.split(":")[0];
  const candidates = [
    explicit,
    gopath ? join(gopath, "bin", name) : undefined,
    join(homedir(), "go", "bin", name),
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    const found = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    if (found) return found;
  } catch {
    // not on PATH either
  }
  throw new Error(
    `${name} not found (looked at its variable, $GOPATH/bin, ~/go/bin and PATH). ${hint}`,
  );
}

const run = promisify(execFile);

/** Runs `grpcurl -plaintext [flags] address [args]`; rejects (with stderr) when it fails. */
export async function grpcurl(
  address: string,
  args: readonly string[],
  flags: readonly string[] = [],
): Promise<{ stdout: string; stderr: string }> {
  return run(findGrpcurl(), ["-plaintext", ...flags, address, ...args], { timeout: 20_000 });
}
