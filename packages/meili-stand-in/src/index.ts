export type { MeiliStandIn, MeiliStandInOptions } from "./server.js";
export { silentLogger, startMeiliStandIn } from "./server.js";
