import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type GetProjectionStatusResponse,
  GetProjectionStatusResponseSchema,
} from "@orderlens/contracts";
import type { ProjectionStatusDocument } from "@orderlens/meili-indexes";
import type { Meilisearch } from "meilisearch";
import { fromMeiliError, isDocumentNotFound } from "../meili-errors.js";

export async function getProjectionStatus(
  meili: Meilisearch,
  statusIndex: string,
): Promise<GetProjectionStatusResponse> {
  let doc: ProjectionStatusDocument;
  try {
    doc = (await meili.index(statusIndex).getDocument("projector")) as ProjectionStatusDocument;
  } catch (error) {
    if (isDocumentNotFound(error)) {
      throw new ConnectError("the projector has not reported its status yet", Code.Unavailable);
    }
    throw fromMeiliError(error, "GetProjectionStatus");
  }
  return create(GetProjectionStatusResponseSchema, {
    partitions: doc.partitions.map((p) => ({
      partition: p.partition,
      lagMessages: BigInt(p.lagMessages),
      lagSeconds: p.lagSeconds,
      lastPosition: BigInt(p.lastPosition),
      ...(p.lastAppliedAt !== null ? { lastAppliedAt: timestampFromMs(p.lastAppliedAt) } : {}),
    })),
    lastAppliedPosition: BigInt(doc.lastAppliedPosition),
    ...(doc.lastAppliedAt !== null ? { lastAppliedAt: timestampFromMs(doc.lastAppliedAt) } : {}),
    eventsPerSecond: doc.eventsPerSecond,
    retriesTotal: BigInt(doc.retriesTotal),
    parkedCount: BigInt(doc.parkedCount),
    reportedAt: timestampFromMs(doc.reportedAt),
    pendingDocuments: BigInt(doc.pendingDocuments),
  });
}
