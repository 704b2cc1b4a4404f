// SIGTERM (Kubernetes, systemd) and SIGINT (Ctrl-C) both mean "drain and exit".
import type { Logger } from "./logger.js";

/**
 * Runs `fn` once on the first SIGTERM/SIGINT, then exits 0 (or 1 if `fn` failed). A second
 * signal while draining exits immediately with 130, for an impatient operator.
 * Returns a function that removes the handlers.
 */
export function onShutdownSignals(
  fn: (signal: NodeJS.Signals) => Promise<void> | void,
  options: { logger?: Logger; exit?: boolean } = {},
): () => void {
  const exit = options.exit ?? true;
  let running = false;
  const handler = (signal: NodeJS.Signals) => {
    if (running) {
      options.logger?.warn("second signal during shutdown, exiting now", { signal });
      if (exit) process.exit(130);
      return;
    }
    running = true;
    options.logger?.info("shutdown signal received", { signal });
    Promise.resolve()
      .then(() => fn(signal))
      .then(
        () => {
          if (exit) process.exit(0);
        },
        (err: unknown) => {
          options.logger?.error("shutdown failed", { signal, error: err });
          if (exit) process.exit(1);
        },
      );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
  return () => {
    process.off("SIGTERM", handler);
    process.off("SIGINT", handler);
  };
}
