import { unsupported } from "./errors.js";
import type { Route } from "./router.js";

/** Real Meilisearch routes outside the subset orderlens uses: refused with their name. */
const ROUTES: [string, string, string][] = [
  ["POST", "/indexes/:uid/facet-search", "facet search"],
  ["POST", "/indexes/:uid/similar", "similar documents"],
  ["GET", "/indexes/:uid/similar", "similar documents"],
  ["POST", "/indexes/:uid/documents/edit", "editing documents with a function"],
  ["POST", "/indexes/:uid/compact", "index compaction"],
  ["POST", "/indexes/:uid/fields", "the fields route"],
  ["POST", "/tasks/cancel", "task cancelation"],
  ["GET", "/tasks/:taskUid/documents", "task documents"],
  ["GET", "/batches", "batches"],
  ["GET", "/batches/:batchUid", "batches"],
  ["POST", "/dumps", "dumps"],
  ["POST", "/snapshots", "snapshots through the API (use the snapshotPath option)"],
  ["GET", "/experimental-features", "experimental features"],
  ["PATCH", "/experimental-features", "experimental features"],
  ["GET", "/metrics", "metrics"],
  ["GET", "/network", "network"],
  ["PATCH", "/network", "network"],
  ["GET", "/webhooks", "webhooks"],
  ["POST", "/webhooks", "webhooks"],
  ["GET", "/chats", "chats"],
  ["POST", "/export", "export"],
  ["GET", "/logs/stream", "log streaming"],
  ["POST", "/render-template", "template rendering"],
  ["GET", "/dynamic-search-rules", "dynamic search rules"],
];

export const unsupportedRoutes: Route[] = ROUTES.map(([method, path, feature]) => ({
  method,
  path,
  action: null,
  handler: () => {
    throw unsupported(feature);
  },
}));
