export { silentLogger } from "@orderlens/server";
export { configSchema as standInConfigSchema, loadStandInConfig } from "./config.js";
export type { MeiliStandIn, MeiliStandInOptions } from "./server.js";
export { startMeiliStandIn } from "./server.js";
