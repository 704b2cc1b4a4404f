import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { packageBin } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type System, startSystem, tokens } from "./system-harness.js";

const run = promisify(execFile);
// What `npm run demo` runs.
const demo = packageBin("@orderlens/demo", "orderlens-demo");
let system: System;

beforeAll(async () => {
  system = await startSystem("demo");
});
afterAll(() => system.stop());

describe("npm run demo", () => {
  it("places orders over the last 12 months through the API and prints the monthly report", async () => {
    const { stdout, stderr } = await run(process.execPath, [demo], {
      env: {
        ...process.env,
        DEMO_ORDERS: "300",
        DEMO_COMMAND: `127.0.0.1:${system.ports.command}`,
        DEMO_QUERY: `127.0.0.1:${system.ports.query}`,
        DEMO_TOKEN: tokens.demo,
      },
      timeout: 60_000,
    });
    expect(stderr).toContain("300/300 orders");
    expect(stderr).toContain("0 orders failed");
    const months = new Set(
      stdout
        .split("\n")
        .filter((l) => /^\d{4}-\d{2} /.test(l))
        .map((l) => l.slice(0, 7)),
    );
    expect(months.size).toBeGreaterThanOrEqual(10); // spread over the year, not all in this month
    const totals = stdout.split("\n").filter((l) => l.startsWith("total"));
    expect(totals.length).toBeGreaterThanOrEqual(1);
    const completed = totals.reduce((sum, l) => sum + Number(l.split(/\s+/)[2]), 0);
    expect(completed).toBeGreaterThan(150); // about 70% of 300 complete
    expect(completed).toBeLessThan(260);
  });
});
