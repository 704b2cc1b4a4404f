import { createLogger, onShutdownSignals } from "@orderlens/server";
import { startCommandService } from "./command-service.js";
import { loadConfig } from "./config.js";

/** Listens, and nothing else: everything it serves is assembled in command-service.ts. */
export async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ service: "command-svc" });
  const service = await startCommandService(config, { logger });
  logger.info("command-svc ready", {
    grpc: `localhost:${service.port}`,
    connect: `http://localhost:${service.port}/orderlens.orders.v1.OrderCommandService/`,
    metrics: `http://localhost:${service.port}/metrics`,
    relay: config.relayEnabled ? "enabled" : "disabled",
  });
  onShutdownSignals(() => service.close(), { logger });
}
