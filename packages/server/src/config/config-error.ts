/** A setting in the environment is malformed; the message names the variable and what it takes. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
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
