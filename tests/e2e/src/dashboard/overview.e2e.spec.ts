import { SalesGroupBy, SalesRankBy } from "@orderlens/contracts";
import { describe, expect, it } from "vitest";
import { tokens } from "../system-harness.js";
import { expectAccessible, screenshot, type WatchedPage } from "./browser.js";
import { monthsAgo } from "./seed.js";
import { dashboardSuite } from "./suite.js";

const suite = dashboardSuite("e2e dashboard overview", { prefix: "ov", orders: 30 });
const from = monthsAgo(2);
const to = monthsAgo(0);
const money = (minor: bigint, currency: string) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency }).format(Number(minor) / 100);
const count = (n: bigint) => new Intl.NumberFormat("en-US").format(n);

/** Where the time went, as the page saw it (milliseconds since navigation started). */
const pageTimings = `(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    html: Math.round(nav.responseEnd),
    domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
    resources: performance.getEntriesByType("resource").map((r) => [
      r.name.replace(/^https?:\\/\\/[^/]+/, "").slice(0, 60), Math.round(r.startTime), Math.round(r.responseEnd),
    ]),
    now: Math.round(performance.now()),
  };
})()`;

/** The texts of each row of a table, cell by cell. */
async function tableRows(watchedPage: WatchedPage, selector: string): Promise<string[][]> {
  return watchedPage.page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? "")),
  );
}

describe("dashboard: overview", () => {
  it("renders the revenue chart with data within 1.5 s of navigation", async () => {
    const watched = await suite.open(tokens.dashboard);
    const { page } = watched;
    const started = performance.now();
    await page.goto(`${suite.system.dashboardUrl}/?from=${from}&to=${to}&month=${to}`);
    await page
      .locator('[data-testid="monthly-revenue-chart"] rect.bar:not([height="0"])')
      .first()
      .waitFor();
    const elapsed = performance.now() - started;
    console.log(`overview rendered with data ${elapsed.toFixed(0)} ms after page.goto`);
    console.log(JSON.stringify(await page.evaluate(pageTimings)));
    expect(elapsed).toBeLessThanOrEqual(1_500);
  });

  it("shows the numbers GetSalesReport answers", async () => {
    const watched = await suite.open(tokens.dashboard);
    const { page } = watched;
    await page.goto(`${suite.system.dashboardUrl}/?from=${from}&to=${to}&month=${to}`);
    await page.locator('[data-testid="monthly-revenue"][data-ready="true"]').waitFor();
    await page.locator('[data-testid="top-products"][data-ready="true"]').waitFor();
    await page.locator('[data-testid="region-split"][data-ready="true"]').waitFor();
    const monthly = await suite.system.queries.getSalesReport({
      range: { case: "months", value: { from, to } },
      groupBy: SalesGroupBy.MONTH,
    });
    expect(monthly.totals.map((t) => t.currency).sort()).toEqual(["EUR", "USD"]);
    for (const total of monthly.totals) {
      const block = page.locator(
        `[data-testid="monthly-revenue"] [data-currency="${total.currency}"]`,
      );
      await expect
        .poll(() => block.getByTestId("total-revenue").textContent())
        .toBe(money(total.revenueMinor, total.currency));
      expect(await block.getByTestId("total-orders").textContent()).toBe(count(total.orderCount));
      const rows = await tableRows(
        watched,
        `[data-testid="monthly-revenue"] [data-currency="${total.currency}"] table`,
      );
      const expected = monthly.rows
        .filter((r) => r.currency === total.currency)
        .map((r) => [
          r.key,
          money(r.revenueMinor, r.currency),
          count(r.orderCount),
          count(r.quantity),
        ]);
      expect(rows.filter((r) => r[1] !== money(0n, total.currency))).toEqual(expected);
    }
    const products = await suite.system.queries.getSalesReport({
      range: { case: "months", value: { from: to, to } },
      groupBy: SalesGroupBy.PRODUCT,
      topN: 10,
      rankBy: SalesRankBy.REVENUE,
    });
    for (const currency of ["EUR", "USD"]) {
      const rows = await tableRows(
        watched,
        `[data-testid="top-products"] [data-currency="${currency}"] table`,
      );
      const expected = products.rows
        .filter((r) => r.currency === currency)
        .map((r) => [
          r.label,
          money(r.revenueMinor, currency),
          count(r.quantity),
          count(r.orderCount),
        ]);
      expect(rows).toEqual(expected);
    }
    await expectAccessible(page);
    await screenshot(page, "overview");
  });

  it("updates without a reload when an order completes elsewhere", async () => {
    const watched = await suite.open(tokens.dashboard);
    const { page } = watched;
    await page.goto(`${suite.system.dashboardUrl}/?from=${from}&to=${to}&month=${to}`);
    const total = page
      .locator('[data-testid="monthly-revenue"] [data-currency="EUR"]')
      .getByTestId("total-revenue");
    await total.waitFor();
    const before = await suite.system.queries.getSalesReport({
      range: { case: "months", value: { from, to } },
      groupBy: SalesGroupBy.MONTH,
      currency: "EUR",
    });
    const revenue = before.totals[0]?.revenueMinor ?? 0n;
    await expect.poll(() => total.textContent()).toBe(money(revenue, "EUR"));
    const created = await suite.system.commands.createOrder({
      customerId: "c-live",
      region: "eu-west",
      currency: "EUR",
      items: [
        { productId: "live-1", productName: "Live product", quantity: 2, unitPriceMinor: 1_234n },
      ],
    });
    await suite.system.commands.completeOrder({ orderId: created.outcome?.orderId ?? "" });
    await expect
      .poll(() => total.textContent(), { timeout: 20_000 })
      .toBe(money(revenue + 2_468n, "EUR"));
    // Streaming once query-svc offers it; until then polling, because the stream is unimplemented
    // (an answer the browser could read: CORS let the streaming response through).
    const badge = page.locator('[data-testid="monthly-revenue"] [data-live-source]');
    const source = await badge.getAttribute("data-live-source");
    expect(["stream", "poll"]).toContain(source);
    if (source === "poll")
      expect(await badge.getAttribute("data-stream-error")).toBe("Unimplemented");
  });

  it("is allowed by the services' CORS for its origin, streaming responses included", async () => {
    const origin = suite.system.dashboardUrl ?? "";
    const url = `http://127.0.0.1:${suite.system.ports.query}/orderlens.reports.v1.ReportQueryService/WatchSalesReport`;
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,connect-protocol-version",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    const json = Buffer.from(
      JSON.stringify({ report: { months: { from: to, to }, groupBy: "SALES_GROUP_BY_MONTH" } }),
    );
    const envelope = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), json]);
    envelope.writeUInt32BE(json.length, 1);
    const controller = new AbortController();
    const stream = await fetch(url, {
      method: "POST",
      signal: controller.signal,
      headers: {
        origin,
        authorization: `Bearer ${tokens.dashboard}`,
        "content-type": "application/connect+json",
        "connect-protocol-version": "1",
      },
      body: envelope,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toBe("application/connect+json");
    expect(stream.headers.get("access-control-allow-origin")).toBe(origin);
    expect(stream.headers.get("access-control-expose-headers")).toMatch(/Grpc-Status/i);
    controller.abort();
    const other = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: "http://evil.example", "access-control-request-method": "POST" },
    });
    expect(other.status).toBe(403);
  });
});
