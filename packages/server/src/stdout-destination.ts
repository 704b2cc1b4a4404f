import { pino } from "pino";

type Destination = ReturnType<typeof pino.destination>;
let stdout: Destination | undefined;

/**
 * One writer on fd 1 for every logger of the process, so lines never interleave. Asynchronous:
 * lines logged while a write is in flight go out together in the next one, which is what makes
 * access logs cheaper than a write(2) per line (bench:server measures both). pino flushes what is
 * left synchronously when the process exits, so only a hard kill can lose the last lines.
 */
export function stdoutDestination(): Destination {
  stdout ??= pino.destination({ dest: 1, sync: false });
  return stdout;
}
