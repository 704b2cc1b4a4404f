// The hand-written JSON-lines logger orderlens used before pino, kept only so bench:server can
// compare the two in one run. Not exported, not used by any service.
import type { LogFields, Logger, LogLevel } from "../src/logger.js";

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createJsonLineLogger(service: string, level: LogLevel): Logger {
  return build(service, level, (line) => process.stdout.write(line), {});
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
