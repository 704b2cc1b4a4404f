export { compositeId, fromDocumentId, toDocumentId } from "./document-id.js";
export type {
  DailyDocument,
  OrderDocument,
  ProductMonthDocument,
  ProjectionStatusDocument,
  RegionMonthDocument,
} from "./documents.js";
export { allIndexes, createIndexNames, type IndexNames } from "./index-names.js";
export { ensureIndexes, indexSettings, maxTotalHits, maxValuesPerFacet } from "./index-settings.js";
export {
  createMeiliClient,
  type MeiliClient,
  type MeiliClientOptions,
  meiliApiError,
} from "./meili-client.js";
