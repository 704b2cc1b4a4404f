export type { MeiliLogger } from "./logger.js";
export { createJsonLogger, silentLogger } from "./logger.js";
export type { MeiliStandIn, MeiliStandInOptions } from "./server.js";
export { startMeiliStandIn } from "./server.js";
