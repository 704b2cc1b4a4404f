import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { AmqpConnection, Topology } from "@orderlens/bus";
import { ProjectorAdmin } from "@orderlens/contracts";
import { type AnyServiceRegistration, defineService, invalidArgument } from "@orderlens/server";
import { listParked, redriveParked } from "./admin/parking-lot.js";
import { checkExportRange, exportHistoryResponse } from "./history/export-rpc.js";
import type { HistoryExport } from "./history/export-runner.js";
import type { RebuildReport } from "./rebuild/rebuild-indexes.js";
import { type RebuildProgress, rebuildStatusMessage } from "./rebuild/rebuild-progress.js";
import type { VerifyReport } from "./verify/verify-projection.js";

export interface RoutesOptions {
  verify: (maxDifferences: number) => Promise<VerifyReport>;
  rebuild: () => Promise<RebuildReport>;
  /** The broker connection admin operations open their channels on. */
  broker: AmqpConnection;
  /** The running or last rebuild of this instance. */
  rebuildStatus: () => RebuildProgress;
  topology: Topology;
  exportHistory: HistoryExport;
}

/** The projector's operator API (scope admin). Health, reflection and /metrics come with the server. */
export function routes({
  verify,
  rebuild,
  broker,
  rebuildStatus,
  topology,
  exportHistory,
}: RoutesOptions): AnyServiceRegistration[] {
  return [
    defineService({
      service: ProjectorAdmin,
      impl: {
        async verify(req) {
          const max = req.maxDifferences === 0 ? 100 : Math.min(req.maxDifferences, 10_000);
          const report = await verify(max);
          return {
            clean: report.clean,
            documentsChecked: BigInt(report.documentsChecked),
            differenceCount: BigInt(report.differenceCount),
            differences: report.differences,
          };
        },
        async listParked(req) {
          // The contract bounds the limit (at most 1000); 0 asks for the default.
          const limit = req.limit === 0 ? 100 : req.limit;
          const { messages, total } = await listParked(broker, topology, limit);
          return {
            total,
            messages: messages.map((m) => ({
              ...m,
              parkedAt: m.parkedAt ? timestampFromDate(m.parkedAt) : undefined,
            })),
          };
        },
        async redriveParked(req) {
          if (!req.all && req.messageIds.length === 0) {
            throw invalidArgument([
              { field: "message_ids", description: "name at least one message, or set all" },
            ]);
          }
          if (req.all && req.messageIds.length > 0) {
            throw invalidArgument([
              { field: "all", description: "either all or message_ids, not both" },
            ]);
          }
          return redriveParked(broker, topology, req.all ? "all" : new Set(req.messageIds));
        },
        async rebuild() {
          const report = await rebuild();
          return {
            generation: report.generation,
            eventsReplayed: BigInt(report.eventsReplayed),
            documentsWritten: BigInt(report.documentsWritten),
          };
        },
        getRebuildStatus: () => rebuildStatusMessage(rebuildStatus()),
        async exportHistory(req) {
          checkExportRange(req);
          return exportHistoryResponse(await exportHistory(req.fromMonth, req.toMonth));
        },
      },
      scopes: { default: "admin" },
    }),
  ];
}
