import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

export interface BenchRunOptions {
  /** The package whose `bench/` holds the script (its tsconfig.bench.json is compiled first). */
  packageRoot: string;
  /** The script's name in `bench/`, without extension: "bench-projector". */
  script: string;
  env?: NodeJS.ProcessEnv;
  /** The bench must exit by itself within this; a leaked handle fails the run. */
  timeoutMs: number;
}

export interface BenchRun {
  stdout: string;
  /** stdout's lines, trimmed, without empty ones. */
  lines: string[];
  /** The last line: every bench ends with its ratio line. */
  last: string;
}

/**
 * Compiles a package's benches and runs one as `npm run bench:*` would, under a deadline, so a
 * bench that hangs after printing its figures (an open pool, a socket, a timer) fails its spec
 * instead of any script that runs it.
 */
export async function runBench(options: BenchRunOptions): Promise<BenchRun> {
  const { packageRoot, script } = options;
  // A folder per run: specs of one package may run in parallel, and one compiling into the shared
  // dist-bench/ would rewrite the files another's bench is loading.
  const outDir = join("dist-bench", "runs", `${process.pid}-${randomBytes(3).toString("hex")}`);
  try {
    await exec("npx", ["tsc", "-p", "tsconfig.bench.json", "--outDir", outDir], {
      cwd: packageRoot,
    });
    return await runCompiled(options, join(outDir, "bench", `${script}.js`));
  } finally {
    await rm(join(packageRoot, outDir), { recursive: true, force: true });
  }
}

async function runCompiled(options: BenchRunOptions, file: string): Promise<BenchRun> {
  const { packageRoot, script, timeoutMs } = options;
  const started = performance.now();
  const result = await exec(process.execPath, [file], {
    cwd: packageRoot,
    env: { ...process.env, ...options.env },
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { killed?: boolean; stdout?: string; stderr?: string }) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const why = error.killed
      ? `did not exit within ${timeoutMs / 1000} s`
      : `failed after ${seconds} s`;
    throw new Error(
      `${script} ${why}\n--- stdout (tail)\n${tail(error.stdout)}\n--- stderr (tail)\n${tail(error.stderr)}`,
    );
  });
  const lines = result.stdout
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return { stdout: result.stdout, lines, last: lines.at(-1) ?? "" };
}

function tail(text: string | undefined): string {
  return (text ?? "").split("\n").slice(-30).join("\n");
}
