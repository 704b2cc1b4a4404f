import { ReportQueryService } from "@orderlens/contracts";
import {
  createIndexNames,
  type DailyDocument,
  ensureIndexes,
  type IndexNames,
  type OrderDocument,
  type ProductMonthDocument,
  type ProjectionStatusDocument,
  type RegionMonthDocument,
} from "@orderlens/meili-indexes";
import { silentLogger, startMeiliStandIn } from "@orderlens/meili-stand-in";
import { createGrpcJsClient, createLogger, type GrpcJsClient } from "@orderlens/server";
import { startTestMeili } from "@orderlens/testing";
import { Meilisearch } from "meilisearch";
import { loadConfig } from "../src/config.js";
import { type RunningQueryService, startQueryService } from "../src/query-service.js";

export const masterKey = "query-svc-test-master-key";

/** query-svc in-process on port 0 over a Meilisearch (the stand-in, or real), with a grpc-js client. */
export interface QueryHarness {
  readonly client: GrpcJsClient<typeof ReportQueryService>;
  readonly meili: Meilisearch;
  readonly indexes: IndexNames;
  /** Adds or replaces documents and waits until Meilisearch has applied them. */
  put(index: string, docs: readonly object[]): Promise<void>;
  /** The running service: its port, its /metrics registry, its close(). */
  readonly service: RunningQueryService;
  stop(): Promise<void>;
}

export async function startQueryHarness(env: Record<string, string> = {}): Promise<QueryHarness> {
  const standIn = await startTestMeili({
    masterKey,
    standIn: (o) => startMeiliStandIn({ ...o, logger: silentLogger }),
  });
  const meili = new Meilisearch({ host: standIn.url, apiKey: masterKey });
  const indexes = createIndexNames("");
  await ensureIndexes(meili, indexes);
  const config = loadConfig({
    QUERY_PORT: "0",
    QUERY_HOST: "127.0.0.1",
    MEILI_URL: standIn.url,
    MEILI_API_KEY: masterKey,
    // Watches poll here; the notice specs opt in with their own AMQP_PREFIX.
    WATCH_CHANGE_NOTICES: "false",
    ...env,
  });
  const service: RunningQueryService = await startQueryService(config, {
    authDisabled: true,
    logger: createLogger({ service: "query-svc", level: "error", write: () => {} }),
  });
  const client = createGrpcJsClient(ReportQueryService, `127.0.0.1:${service.port}`);
  return {
    client,
    meili,
    indexes,
    service,
    async put(index, docs) {
      const task = await meili
        .index(index)
        .addDocuments([...docs] as Record<string, unknown>[])
        .waitTask();
      if (task.status !== "succeeded") throw new Error(`seeding ${index}: ${task.error?.message}`);
    },
    async stop() {
      client.close();
      await service.close();
      await standIn.close();
    },
  };
}

const ms = (iso: string) => Date.parse(iso);

/** An order document as the projector writes it; money in minor units, times epoch ms UTC. */
export function orderDoc(
  orderId: string,
  fields: Partial<OrderDocument> & { lines?: [string, string, number, number][] } = {},
): OrderDocument {
  const { lines = [["sku-1", "Espresso beans", 2, 1250]], ...rest } = fields;
  const items = lines.map(([productId, productName, quantity, unitPriceMinor]) => ({
    productId,
    productName,
    quantity,
    unitPriceMinor,
    lineTotalMinor: quantity * unitPriceMinor,
  }));
  return {
    id: orderId,
    orderId,
    customerId: "c-1",
    region: "eu-west",
    status: "pending",
    currency: "EUR",
    items,
    productIds: items.map((i) => i.productId),
    productNames: items.map((i) => i.productName),
    totalMinor: items.reduce((sum, i) => sum + i.lineTotalMinor, 0),
    createdAt: ms("2026-10-05T10:00:00Z"),
    completedAt: null,
    cancelledAt: null,
    cancelReason: null,
    month: "2026-10",
    day: "2026-10-05",
    version: 1,
    ...rest,
  };
}

export function productMonthDoc(
  month: string,
  productId: string,
  currency: string,
  quantity: number,
  revenueMinor: number,
  completedOrders: number,
): ProductMonthDocument {
  return {
    id: `${month}_${productId}_${currency}`,
    month,
    productId,
    productName: `Product ${productId}`,
    currency,
    quantity,
    revenueMinor,
    completedOrders,
  };
}

export function regionMonthDoc(
  month: string,
  region: string,
  currency: string,
  quantity: number,
  revenueMinor: number,
  completedOrders: number,
  cancelledOrders = 0,
): RegionMonthDocument {
  return {
    id: `${month}_${region}_${currency}`,
    month,
    region,
    currency,
    quantity,
    revenueMinor,
    completedOrders,
    cancelledOrders,
  };
}

export function dailyDoc(
  day: string,
  currency: string,
  quantity: number,
  revenueMinor: number,
  completedOrders: number,
): DailyDocument {
  return {
    id: `${day}_${currency}`,
    day,
    month: day.slice(0, 7),
    currency,
    quantity,
    revenueMinor,
    completedOrders,
    cancelledOrders: 0,
  };
}

export function statusDoc(
  fields: Partial<ProjectionStatusDocument> = {},
): ProjectionStatusDocument {
  return {
    id: "projector",
    partitions: [
      {
        partition: 0,
        lagMessages: 3,
        lagSeconds: 0.25,
        lastPosition: 40,
        lastAppliedAt: ms("2026-11-01T00:00:00Z"),
      },
      { partition: 1, lagMessages: 0, lagSeconds: 0, lastPosition: 0, lastAppliedAt: null },
    ],
    lastAppliedPosition: 40,
    lastAppliedAt: ms("2026-11-01T00:00:00Z"),
    eventsPerSecond: 12.5,
    appliedTotal: 40,
    retriesTotal: 2,
    parkedCount: 1,
    pendingDocuments: 7,
    reportedAt: ms("2026-11-01T00:00:01Z"),
    ...fields,
  };
}
