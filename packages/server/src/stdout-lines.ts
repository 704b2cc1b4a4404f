// Where log lines go by default: stdout, in batches. A write(2) per line is most of what an
// access-log line costs; lines logged in one turn of the event loop are written together at its
// end instead (bench:server compares the two and pino's own writers).

/** Takes lines; hands them to `write` joined, once per turn of the event loop. */
export interface LineBatcher {
  write(line: string): void;
  /** Writes what is pending now (at exit, or when a burst gets large). */
  flush(): void;
}

/** A burst of lines within one turn is written early, so pending lines stay a few KiB. */
const MAX_PENDING_LINES = 256;

export function createLineBatcher(write: (data: string) => void): LineBatcher {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    if (pending.length === 0) return;
    const data = pending.length === 1 ? (pending[0] ?? "") : pending.join("");
    pending = [];
    write(data);
  };
  const flushScheduled = () => {
    scheduled = false;
    flush();
  };
  return {
    write(line) {
      pending.push(line);
      if (pending.length >= MAX_PENDING_LINES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flushScheduled);
      }
    },
    flush,
  };
}

let stdout: LineBatcher | undefined;

/**
 * One batcher on process.stdout for every logger of the process, so lines keep their order; what
 * is pending when the process exits is written by the 'exit' handler (stdout writes to files,
 * pipes and terminals are synchronous on Linux), so only a hard kill loses the last turn's lines.
 */
export function stdoutLines(): LineBatcher {
  if (stdout === undefined) {
    const batcher = createLineBatcher((data) => process.stdout.write(data));
    process.on("exit", batcher.flush);
    stdout = batcher;
  }
  return stdout;
}
