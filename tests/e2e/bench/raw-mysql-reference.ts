// bench:system's reference: MySQL's own rate for the rows a CreateOrder commits, written straight
// from this process (no services, no gRPC), measured the same way as bench:commands measures it,
// in the same run, on the same server, while the system stands idle. Into a database of its own,
// so the projector never reads rows that are not events it knows.
import { createDatabase, migrateToLatest, uuidV7 } from "@orderlens/event-store";
import {
  type ClosedLoopResult,
  createTestDatabase,
  measureRawOrderWrites,
} from "@orderlens/testing";

/** The event's payload: an order like the ones ghz places (one item), as JSON. */
function orderPayload(i: number): string {
  return JSON.stringify({
    requestId: `raw-${i}`,
    customerId: `c-${i % 5000}`,
    region: "eu-west",
    currency: "EUR",
    items: [
      {
        productId: `sku-${i % 200}`,
        productName: "Bench product",
        quantity: 1,
        unitPriceMinor: "1999",
      },
    ],
  });
}

export async function measureRawMysql(
  run: string,
  concurrency: number,
  durationMs: number,
): Promise<ClosedLoopResult> {
  const scratch = await createTestDatabase("bench system raw");
  try {
    const { db } = createDatabase({ url: scratch.url, connectionLimit: 1 });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
    return await measureRawOrderWrites({
      mysqlUrl: scratch.url,
      concurrency,
      durationMs,
      newId: uuidV7,
      payload: orderPayload,
      run,
    });
  } finally {
    await scratch.drop();
  }
}
