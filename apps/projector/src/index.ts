export {
  ConfigError,
  configSchema,
  configVariables,
  loadConfig,
  type ProjectorConfig,
} from "./config.js";
export { type RunningProjector, type StartOptions, startProjector } from "./projector.js";
