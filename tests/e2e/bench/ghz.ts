// ghz, the external load generator of bench:system: where its binary is, and one run against
// command-svc read into the figures the bench prints. It is a Go tool, installed as .ci/run does.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { findGoTool } from "@orderlens/testing";

const run = promisify(execFile);

export const ghzInstallHint =
  "Install it with: GOFLAGS=-mod=mod go install github.com/bojand/ghz/cmd/ghz@v0.120.0 (.ci/run does this), or point $GHZ at a binary.";

/** The ghz binary ($GHZ, Go's install folders or PATH), or an error saying how to install it. */
export function findGhz(): string {
  return findGoTool("ghz", process.env.GHZ, ghzInstallHint);
}

/** What ghz's JSON report says of one run. */
interface GhzReport {
  count: number;
  rps: number;
  latencyDistribution: { percentage: number; latency: number }[] | null;
  statusCodeDistribution: Record<string, number>;
  errorDistribution: Record<string, number> | null;
}

export interface LoadFigures {
  call: string;
  count: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Each distinct error ghz saw, with its count. */
  errorMessages: Record<string, number>;
}

export interface GhzCall {
  /** The gRPC method, fully qualified: `package.Service.Method`. */
  method: string;
  /** A short name for the figures: `CreateOrder`. */
  call: string;
  /** The request as JSON, with ghz's template functions. */
  data: string;
  /** Sent as metadata on every call and on the reflection requests. */
  metadata: Record<string, string>;
  /** Further flags: concurrency, duration, total. */
  args: readonly string[];
}

/** One ghz run over the server's reflection, plaintext. */
export async function ghzRun(ghz: string, address: string, c: GhzCall): Promise<LoadFigures> {
  const metadata = JSON.stringify(c.metadata);
  const { stdout } = await run(
    ghz,
    [
      "--insecure",
      "--call",
      c.method,
      "--metadata",
      metadata,
      "--reflect-metadata",
      metadata,
      "--data",
      c.data,
      "--format",
      "json",
      // Calls still in flight when the duration ends finish and count, rather than being
      // cancelled and reported as errors.
      "--duration-stop",
      "wait",
      ...c.args,
      address,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return loadFigures(c.call, JSON.parse(stdout) as GhzReport);
}

function loadFigures(call: string, r: GhzReport): LoadFigures {
  const at = (p: number) =>
    (r.latencyDistribution?.find((d) => d.percentage === p)?.latency ?? Number.NaN) / 1e6;
  const errors = Object.entries(r.statusCodeDistribution ?? {})
    .filter(([code]) => code !== "OK")
    .reduce((n, [, count]) => n + count, 0);
  return {
    call,
    count: r.count,
    rps: r.rps,
    p50: at(50),
    p99: at(99),
    errors,
    errorMessages: r.errorDistribution ?? {},
  };
}
