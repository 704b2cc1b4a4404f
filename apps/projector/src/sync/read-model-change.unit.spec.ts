import { createIndexNames } from "@orderlens/meili-indexes";
import { describe, expect, it } from "vitest";
import { createChangeCollector } from "./read-model-change.js";

const indexes = createIndexNames("");

describe("createChangeCollector", () => {
  it("gathers the order ids and months of what was pushed, once each, then starts afresh", () => {
    const c = createChangeCollector(indexes);
    expect(c.take(3)).toBeUndefined();
    c.record(indexes.orders, [
      { id: "o-1", orderId: "o-1", month: "2026-11" },
      { id: "o-2", orderId: "o-2", month: "2026-11" },
    ]);
    c.record(indexes.salesByProductMonth, [{ id: "x", month: "2026-12", productId: "o-9" }]);
    c.record(indexes.salesDaily, [{ id: "d", day: "2026-12-04", month: "2026-12" }]);
    expect(c.take(9)).toEqual({
      position: 9,
      orderIds: ["o-1", "o-2"],
      months: ["2026-11", "2026-12"],
      everything: false,
    });
    expect(c.take(10)).toBeUndefined();
  });
});
