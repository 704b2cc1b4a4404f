export {
  ConfigError,
  configSchema,
  configVariables,
  loadConfig,
  type QueryServiceConfig,
} from "./config.js";
export { type RunningQueryService, type StartOptions, startQueryService } from "./query-service.js";
