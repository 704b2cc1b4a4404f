// A fake ReportQueryService.WatchOrder for the streaming specs. The order id picks the behaviour:
// "count" streams until_version messages and ends with a trailer, "fail" streams until_version
// messages then fails, "forever" streams one message and waits until the call is aborted, "big"
// streams until_version 64 KiB messages.
import { ReportQueryService } from "@orderlens/contracts";
import { defineService, invalidArgument } from "../index.js";

export interface StreamProbe {
  /** Messages the handler has produced (each waits until the previous one was taken). */
  produced: number;
  /** Handlers that saw their call's signal abort. */
  aborted: number;
}

export const bigCustomerId = "c".repeat(64 * 1024);

export function streamService(probe: StreamProbe) {
  return defineService({
    service: ReportQueryService,
    scopes: { default: null },
    impl: {
      async *watchOrder(req, ctx) {
        ctx.responseHeader.set("x-watch", "started");
        const count = Number(req.untilVersion);
        const customerId = req.orderId === "big" ? bigCustomerId : "c-1";
        for (let v = 1; v <= (req.orderId === "forever" ? 1 : count); v++) {
          probe.produced++;
          yield { order: { orderId: req.orderId, customerId }, projectedVersion: BigInt(v) };
        }
        if (req.orderId === "fail") {
          throw invalidArgument([{ field: "order_id", description: "went away" }], "stream failed");
        }
        if (req.orderId === "forever") await untilAborted(ctx.signal, probe);
        ctx.responseTrailer.set("x-watched", String(count));
      },
    },
  });
}

function untilAborted(signal: AbortSignal, probe: StreamProbe): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener(
      "abort",
      () => {
        probe.aborted++;
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
