export {
  type RunningCommandService,
  type StartOptions,
  startCommandService,
} from "./command-service.js";
export {
  type CommandServiceConfig,
  ConfigError,
  configSchema,
  configVariables,
  loadConfig,
} from "./config.js";
