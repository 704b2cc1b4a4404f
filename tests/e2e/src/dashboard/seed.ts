// Orders placed through command-svc, as a client would, spread over this month and the two
// before it (with development-mode command times), in two currencies and three regions.
import { ProjectorAdmin } from "@orderlens/contracts";
import { createGrpcJsClient } from "@orderlens/server";
import { waitFor } from "@orderlens/testing";
import { type System, tokens } from "../system-harness.js";

const commandTimeHeader = "x-orderlens-command-time";
export const regions = ["eu-west", "us-east", "apac"] as const;

export function monthsAgo(count: number, now: Date = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - count, 1));
  return d.toISOString().slice(0, 7);
}

/** A time in `month`: early in past months, a few minutes ago in this one. */
function timeIn(month: string, i: number): number {
  const now = Date.now();
  return month === monthsAgo(0)
    ? now - (60 - (i % 50)) * 60_000
    : Date.parse(`${month}-01T00:00:00Z`) + (1 + i) * 3_600_000;
}

export interface SeededOrder {
  orderId: string;
  version: bigint;
  position: bigint;
}

/** Places `count` orders: most completed, one in five cancelled, one in seven left pending. */
export async function seedOrders(
  system: System,
  prefix: string,
  count: number,
): Promise<SeededOrder[]> {
  const placed: SeededOrder[] = [];
  for (let i = 0; i < count; i++) {
    const month = monthsAgo(i % 3);
    const at = (offset: number) => ({
      headers: { [commandTimeHeader]: new Date(timeIn(month, i) + offset).toISOString() },
    });
    const orderId = `${prefix}-${i}`;
    await system.commands.createOrder(
      {
        requestId: `${orderId}-create`,
        orderId,
        customerId: `c-${i % 4}`,
        region: regions[Math.floor(i / 3) % regions.length] ?? "eu-west",
        currency: i % 4 === 0 ? "USD" : "EUR",
        items: [
          {
            productId: `p-${i % 5}`,
            productName: `Product ${i % 5}`,
            quantity: 1 + (i % 3),
            unitPriceMinor: BigInt(1_000 + i * 7),
          },
          {
            productId: `q-${i % 2}`,
            productName: `Extra ${i % 2}`,
            quantity: 1,
            unitPriceMinor: 250n,
          },
        ],
      },
      at(0),
    );
    const end =
      i % 7 === 6
        ? undefined
        : i % 5 === 4
          ? system.commands.cancelOrder({ orderId, reason: "changed plans" }, at(60_000))
          : system.commands.completeOrder({ orderId }, at(60_000));
    const outcome = (await end)?.outcome;
    placed.push({ orderId, version: outcome?.version ?? 1n, position: outcome?.position ?? 0n });
  }
  return placed;
}

/** Until the projector has pushed everything (Verify is clean against a full replay). */
export async function waitForProjection(system: System): Promise<void> {
  const admin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${system.ports.projector}`, {
    token: tokens.admin,
  });
  try {
    await waitFor(async () => (await admin.verify({ maxDifferences: 1 })).clean, {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: "the projection to converge",
    });
  } finally {
    admin.close();
  }
}
