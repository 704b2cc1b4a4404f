export {
  ConfigError,
  configSchema,
  configVariables,
  loadConfig,
  type ProjectorConfig,
} from "./config.js";
export {
  type ExportedMonth,
  type ExportOptions,
  type ExportProgress,
  type ExportReport,
  exportHistory,
} from "./history/export-history.js";
export {
  historyVariables,
  orderLinesView,
  salesByProductQuery,
  salesByRegionQuery,
  salesTotalsQuery,
} from "./history/report-queries.js";
export { type RunningProjector, type StartOptions, startProjector } from "./projector.js";
