// The change feed's reading: two fields of the projector's status document.
import type { ProjectionStatusDocument } from "@orderlens/meili-indexes";
import type { Meilisearch } from "meilisearch";
import { isDocumentNotFound } from "../meili-errors.js";
import type { FeedReading } from "./change-feed.js";

export function statusFeedReader(
  meili: Meilisearch,
  statusIndex: string,
): () => Promise<FeedReading | undefined> {
  const index = meili.index<ProjectionStatusDocument>(statusIndex);
  return async () => {
    try {
      const doc = await index.getDocument("projector", {
        fields: ["lastAppliedPosition", "pendingDocuments"],
      });
      return { position: doc.lastAppliedPosition, pendingDocuments: doc.pendingDocuments };
    } catch (error) {
      if (isDocumentNotFound(error)) return undefined;
      throw error;
    }
  };
}
