// A deliberately tiny structured logger: one JSON object per line on stdout, so logs are
// machine-readable in every environment without pulling in a logging dependency.

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  isEnabled(level: LogLevel): boolean;
  /** A logger that adds `fields` to every line (e.g. a component name). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  service: string;
  /** Defaults to env LOG_LEVEL, then "info". */
  level?: LogLevel;
  /** Where lines go; defaults to process.stdout. Tests pass a collector. */
  write?: (line: string) => void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function parseLogLevel(value: string | undefined, fallback: LogLevel = "info"): LogLevel {
  const v = value?.trim().toLowerCase();
  return v === "debug" || v === "info" || v === "warn" || v === "error" ? v : fallback;
}

export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? parseLogLevel(process.env.LOG_LEVEL);
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  return build(options.service, level, write, {});
}

function build(
  service: string,
  level: LogLevel,
  write: (line: string) => void,
  bound: LogFields,
): Logger {
  const min = rank[level];
  const emit = (lvl: LogLevel, msg: string, fields?: LogFields) => {
    if (rank[lvl] < min) return;
    const time = new Date().toISOString();
    const entry: LogFields = Object.assign({ time, level: lvl, service, msg }, bound, fields);
    // Fields may not override the envelope (keys keep their leading position in the output).
    entry.time = time;
    entry.level = lvl;
    entry.service = service;
    entry.msg = msg;
    write(`${safeStringify(entry)}\n`);
  };
  return {
    level,
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    isEnabled: (lvl) => rank[lvl] >= min,
    child: (fields) => build(service, level, write, { ...bound, ...fields }),
  };
}

// A log call must never throw: bigints and Errors are common in RPC payloads and failures.
function safeStringify(entry: LogFields): string {
  try {
    return JSON.stringify(entry, replacer);
  } catch {
    return JSON.stringify({ time: entry.time, level: entry.level, msg: String(entry.msg) });
  }
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}
