import { describe, expect, it } from "vitest";
import { reportSchedule } from "./report-schedule.js";

describe("reportSchedule", () => {
  const tables = ["orders", "product-month", "region-month", "daily"];

  it("pushes the reports on the first pass, then at most once per interval, orders every pass", () => {
    let clock = 1_000;
    const due = reportSchedule(tables, 500, () => clock);
    expect(due(false)).toEqual(tables);
    clock += 200;
    expect(due(false)).toEqual(["orders"]);
    clock += 299;
    expect(due(false)).toEqual(["orders"]);
    clock += 1;
    expect(due(false)).toEqual(tables);
    expect(due(false)).toEqual(["orders"]);
  });

  it("pushes everything when asked, and restarts the interval from there", () => {
    let clock = 0;
    const due = reportSchedule(tables, 500, () => clock);
    due(false);
    clock += 100;
    expect(due(true)).toEqual(tables);
    clock += 450;
    expect(due(false)).toEqual(["orders"]);
  });

  it("pushes every table on every pass with an interval of 0", () => {
    const due = reportSchedule(tables, 0, () => 42);
    expect(due(false)).toEqual(tables);
    expect(due(false)).toEqual(tables);
  });
});
