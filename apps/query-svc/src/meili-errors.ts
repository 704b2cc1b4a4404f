import { Code, ConnectError } from "@connectrpc/connect";
import { meiliApiError } from "@orderlens/meili-indexes";
import { MeilisearchRequestError } from "meilisearch";

/**
 * Meilisearch failures as RPC statuses: a missing index means the projector has not created it
 * yet (UNAVAILABLE, retryable), an unreachable server is UNAVAILABLE, anything else is ours.
 */
export function fromMeiliError(error: unknown, what: string): ConnectError {
  if (error instanceof ConnectError) return error;
  const refusal = meiliApiError(error);
  if (refusal) {
    if (refusal.cause?.code === "index_not_found") {
      return new ConnectError(
        `${what}: the report indexes do not exist yet (is the projector running?)`,
        Code.Unavailable,
      );
    }
    return new ConnectError(
      `${what}: the search engine refused the query`,
      Code.Internal,
      undefined,
      undefined,
      refusal,
    );
  }
  if (error instanceof MeilisearchRequestError) {
    return new ConnectError(
      `${what}: the search engine is unreachable`,
      Code.Unavailable,
      undefined,
      undefined,
      error,
    );
  }
  return new ConnectError(`${what} failed`, Code.Internal, undefined, undefined, error);
}

export function isDocumentNotFound(error: unknown): boolean {
  return meiliApiError(error)?.cause?.code === "document_not_found";
}
