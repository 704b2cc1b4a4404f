import { randomBytes } from "node:crypto";
import { createLogger, type Logger } from "@orderlens/server";
import { type AmqpScope, waitFor } from "@orderlens/testing";
import {
  type AmqpConnection,
  type AmqpConnectionOptions,
  createAmqpConnection,
} from "../amqp-connection.js";

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A real logger whose lines are kept for assertions. */
export function collectingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger({
    service: "bus-test",
    level: "debug",
    write: (line) => lines.push(JSON.parse(line) as LogLine),
  });
  return { logger, lines };
}

export interface TestConnection {
  connection: AmqpConnection;
  /** The connection_name the broker sees (unique per test). */
  name: string;
  lines: LogLine[];
  /** Every event the connection emitted, in order ("lost: <reason>" for a loss). */
  events: string[];
}

/** A connection with a unique broker-visible name, its events and log lines recorded. */
export function testConnection(
  scope: AmqpScope,
  label: string,
  options: Partial<AmqpConnectionOptions> = {},
): TestConnection {
  const name = `${scope.prefix}${label}.${randomBytes(3).toString("hex")}`;
  const { logger, lines } = collectingLogger();
  const connection = createAmqpConnection({ url: scope.url, name, logger, ...options });
  const events: string[] = [];
  connection.on("connected", () => events.push("connected"));
  connection.on("lost", (reason) => events.push(`lost: ${reason}`));
  connection.on("reconnected", () => events.push("reconnected"));
  connection.on("closed", () => events.push("closed"));
  return { connection, name, lines, events };
}

export function waitForState(connection: AmqpConnection, state: AmqpConnection["state"]) {
  return waitFor(() => connection.state === state, {
    timeoutMs: 15_000,
    description: `connection ${connection.name} to be ${state}`,
  });
}
