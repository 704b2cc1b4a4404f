export {
  type RunningCommandService,
  type StartOptions,
  startCommandService,
} from "./command-service.js";
export { type CommandServiceConfig, ConfigError, loadConfig } from "./config.js";
