/** A setting in the environment is malformed; the message names the variable and what it takes. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function envInt(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      `${name} must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

export function envBool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

/** Comma-separated values, trimmed, empty ones dropped; undefined when unset. */
export function envList(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Comma-separated positive integers, e.g. retry delays in milliseconds. */
export function envPositiveInts(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number[],
): number[] {
  const list = envList(env, name);
  if (!list) return fallback;
  const values = list.map(Number);
  if (values.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new ConfigError(
      `${name} must be comma-separated positive integers, got ${JSON.stringify(env[name])}`,
    );
  }
  return values;
}

/**
 * The last words of a process that cannot start: one JSON line on stderr, the bare message for a
 * configuration mistake (the user's to fix) and the stack for anything else (ours).
 */
export function reportFatal(service: string, error: unknown): void {
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? error.stack
        : String(error);
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: "error", service, msg: "fatal", error: message })}\n`,
  );
}
