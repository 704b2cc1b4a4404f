import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import { type Duration, durationFromMs, durationMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type GetOrderRequest,
  type GetOrderResponse,
  GetOrderResponseSchema,
} from "@orderlens/contracts";
import { toDocumentId } from "@orderlens/meili-indexes";
import { type FieldViolation, invalidArgument } from "@orderlens/server";
import type { Index } from "meilisearch";
import { fromMeiliError, isDocumentNotFound } from "../meili-errors.js";
import { type OrderDocument, orderView } from "./order-view.js";

export interface GetOrderOptions {
  orders: Index<OrderDocument>;
  defaultWaitMs: number;
  maxWaitMs: number;
  pollMs?: number;
}

function waitOf(
  wait: Duration | undefined,
  options: GetOrderOptions,
  violations: FieldViolation[],
): number {
  if (!wait) return options.defaultWaitMs;
  const ms = Number(durationMs(wait));
  if (ms < 0) violations.push({ field: "max_wait", description: "must not be negative" });
  return Math.min(Math.max(ms, 0), options.maxWaitMs);
}

/**
 * Read-your-writes: a command reply carries the order's new version; GetOrder with that version
 * as min_version waits (bounded) until the projection has reached it, and otherwise answers with
 * what it has and how far behind it is, rather than failing.
 */
export async function getOrder(
  req: GetOrderRequest,
  signal: AbortSignal,
  options: GetOrderOptions,
): Promise<GetOrderResponse> {
  // The contract checked the order id and kept min_version a safe integer; a wait only matters
  // (and is only checked) when there is a version to wait for.
  const violations: FieldViolation[] = [];
  const minVersion = Number(req.minVersion);
  const waitMs = minVersion > 0 ? waitOf(req.maxWait, options, violations) : 0;
  if (violations.length > 0) throw invalidArgument(violations, "invalid GetOrder request");

  const started = performance.now();
  const deadline = started + waitMs;
  const id = toDocumentId(req.orderId);
  for (;;) {
    let doc: OrderDocument | undefined;
    try {
      doc = (await options.orders.getDocument(id)) as OrderDocument;
    } catch (error) {
      if (!isDocumentNotFound(error)) throw fromMeiliError(error, "GetOrder");
    }
    const reached = doc !== undefined && doc.version >= minVersion;
    if (reached || performance.now() >= deadline || signal.aborted) {
      if (!doc && minVersion === 0)
        throw new ConnectError(`order ${req.orderId} is not in the read model`, Code.NotFound);
      return create(GetOrderResponseSchema, {
        ...(doc ? { order: orderView(doc) } : {}),
        minVersionReached: reached,
        projectedVersion: BigInt(doc?.version ?? 0),
        waited: durationFromMs(Math.round(performance.now() - started)),
      });
    }
    await sleep(Math.min(options.pollMs ?? 25, Math.max(1, deadline - performance.now())));
  }
}
