// The structured logger of every orderlens process: pino underneath, one JSON object per line
// ({"level":"info","time":"<ISO>","service":...,<fields>,"msg":...}), behind a small interface
// so call sites stay independent of the library.
import { type Logger as PinoLogger, pino } from "pino";
import { loggingEnv } from "./config/serving-blocks.js";
import { jsonSafeFields } from "./json-safe-fields.js";
import { stdoutLines } from "./stdout-lines.js";

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
  /** Where lines go (each ends with "\n"); defaults to stdout. Tests pass a collector. */
  write?: (line: string) => void;
}

/** Lenient: anything that is not a level name gives `fallback`. */
export function parseLogLevel(value: string | undefined, fallback: LogLevel = "info"): LogLevel {
  const v = value?.trim().toLowerCase();
  return v === "debug" || v === "info" || v === "warn" || v === "error" ? v : fallback;
}

export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? loggingEnv.load(process.env);
  const root = pino(
    {
      level,
      base: { service: options.service },
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: jsonSafeFields },
      // Errors are already plain objects by then (jsonSafeFields), whatever their key.
      serializers: { err: (value: unknown) => value },
    },
    { write: options.write ?? stdoutLines().write },
  );
  return wrap(root, level);
}

function wrap(logger: PinoLogger, level: LogLevel): Logger {
  // A log call never throws: not for a field it cannot serialise, not for a failing sink.
  const at =
    (lvl: LogLevel) =>
    (msg: string, fields?: LogFields): void => {
      try {
        if (fields === undefined) logger[lvl](msg);
        else logger[lvl](fields, msg);
      } catch {}
    };
  return {
    level,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    isEnabled: (lvl) => logger.isLevelEnabled(lvl),
    child: (fields) => wrap(logger.child(jsonSafeFields(fields)), level),
  };
}

/** Writes nothing: for tests and tools that run a component whose lines nobody reads. */
export const silentLogger: Logger = {
  level: "error",
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  isEnabled: () => false,
  child: () => silentLogger,
};
