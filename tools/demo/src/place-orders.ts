import type { OrderCommandService } from "@orderlens/contracts";
import type { GrpcJsClient } from "@orderlens/server";
import type { OrderPlan } from "./order-plan.js";

/** Lets a command carry its own time; command-svc honours it only with ALLOW_CLIENT_COMMAND_TIME. */
const commandTimeHeader = "x-orderlens-command-time";

export interface Placement {
  done: number;
  failed: number;
  lastFailure: string;
  /** The last command that succeeded, for a read-your-writes wait before the report. */
  last: { orderId: string; version: bigint } | undefined;
}

const at = (ms: number) => ({ headers: { [commandTimeHeader]: new Date(ms).toISOString() } });

/** Places one planned order and completes or cancels it; returns the order's last version. */
async function placeOrder(
  commands: GrpcJsClient<typeof OrderCommandService>,
  plan: OrderPlan,
): Promise<{ orderId: string; version: bigint }> {
  const created = await commands.createOrder(plan.request, at(plan.createdAt));
  const orderId = created.outcome?.orderId ?? "";
  const end =
    plan.fate === "complete"
      ? await commands.completeOrder({ orderId }, at(plan.endsAt))
      : plan.fate === "cancel"
        ? await commands.cancelOrder({ orderId, reason: "customer request" }, at(plan.endsAt))
        : created;
  return { orderId, version: end.outcome?.version ?? 1n };
}

function drawProgress(done: number, total: number, started: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / ((performance.now() - started) / 1000);
  process.stderr.write(
    `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round((done / total) * 100)).padStart(3)}% ${done}/${total} orders, ${rate.toFixed(0)} orders/s `,
  );
}

/** Places `total` orders with `concurrency` calls in flight, drawing a progress bar on stderr. */
export async function placeOrders(
  commands: GrpcJsClient<typeof OrderCommandService>,
  plan: (i: number) => OrderPlan,
  total: number,
  concurrency: number,
): Promise<Placement> {
  const result: Placement = { done: 0, failed: 0, lastFailure: "", last: undefined };
  let next = 0;
  const started = performance.now();
  const ticker = setInterval(() => drawProgress(result.done, total, started), 200);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const order = plan(next++);
        try {
          result.last = await placeOrder(commands, order);
        } catch (error) {
          result.failed++;
          result.lastFailure = (error as Error).message;
        }
        result.done++;
      }
    }),
  );
  clearInterval(ticker);
  drawProgress(result.done, total, started);
  return result;
}
