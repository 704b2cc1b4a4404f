// The loggers bench:server compares, one server process per mode: access logs off (level warn),
// the hand-written logger pino replaced (a write(2) per line through process.stdout), and pino as
// createLogger sets it up (lines batched per event-loop turn onto process.stdout). For finding
// out what the writer costs, pino on three other ones: process.stdout per line (pino-stream),
// pino.destination's synchronous write(2) per line (pino-sync) and its asynchronous writer, whose
// writes go through libuv's thread pool (pino-async).
import { pino } from "pino";
import { createLogger, type Logger } from "../src/logger.js";
import { createJsonLineLogger } from "./json-line-logger.js";

export const LOG_MODES = ["off", "old", "pino", "pino-stream", "pino-sync", "pino-async"] as const;
export type LogMode = (typeof LOG_MODES)[number];

export function isLogMode(value: string): value is LogMode {
  return (LOG_MODES as readonly string[]).includes(value);
}

export function loggerFor(mode: LogMode): Logger {
  const service = "bench";
  switch (mode) {
    case "off":
      return createLogger({ service, level: "warn" });
    case "old":
      return createJsonLineLogger(service, "info");
    case "pino":
      return createLogger({ service, level: "info" });
    case "pino-sync":
      return viaWriter(pino.destination({ dest: 1, sync: true }));
    case "pino-async":
      return viaWriter(pino.destination({ dest: 1, sync: false }));
    case "pino-stream":
      return createLogger({ service, level: "info", write: (line) => process.stdout.write(line) });
  }
}

function viaWriter(destination: { write(line: string): unknown }): Logger {
  return createLogger({
    service: "bench",
    level: "info",
    write: (line) => destination.write(line),
  });
}

/**
 * CPU per access-log line in isolation: `calls` lines as the logging interceptor writes them, 16
 * per turn of the event loop (calls complete in bursts under load), then a pause so buffered
 * writes land. CPU, not wall time, so other load on the machine matters less.
 */
export async function logLineCpuMicros(logger: Logger, calls: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    if (i % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
    if (logger.isEnabled("info")) {
      logger.info("rpc", {
        rpcService: "orderlens.reports.v1.ReportQueryService",
        method: "GetProjectionStatus",
        protocol: "grpc",
        code: "OK",
        durationMs: Math.round(i % 997) / 1000,
        peer: "127.0.0.1:53422",
      });
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}
