import { authVars } from "./auth-block.js";
import { loggingVars, shutdownVars } from "./serving-blocks.js";

/**
 * What every service reads besides its own settings: the drain on SIGTERM, who may call, and
 * the log level. `needs` says which scope its methods require, e.g. "queries need `reports:read`".
 */
export function serviceVars(o: { needs: string }) {
  return { ...shutdownVars(), ...authVars({ needs: o.needs }), ...loggingVars() };
}
