import { OrderStatus } from "@orderlens/contracts";
import { describe, expect, it } from "vitest";
import { tokens } from "../system-harness.js";
import { expectAccessible, screenshot } from "./browser.js";
import { dashboardSuite } from "./suite.js";

const suite = dashboardSuite("e2e dashboard search", { prefix: "so", orders: 24 });

/** Records whether the "computing…" banner was ever on screen, however briefly. */
const recordComputing = `
  window.__computing = [];
  new MutationObserver(() => {
    const banner = document.querySelector('[data-testid="computing"]');
    if (banner) window.__computing.push(banner.textContent);
  }).observe(document, { childList: true, subtree: true, characterData: true });
`;

describe("dashboard: sign-in, search and orders", () => {
  it("asks for a token when the services check them, and keeps it for the tab", async () => {
    const watched = await suite.open();
    const { page } = watched;
    await page.goto(`${suite.system.dashboardUrl}/search`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await expectAccessible(page);
    await screenshot(page, "sign-in");
    await page.getByLabel("Token").fill(tokens.dashboard);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("total-hits").waitFor();
    await page.reload();
    await page.getByTestId("total-hits").waitFor();
    expect(await page.getByTestId("development-mode").count()).toBe(0);
  });

  it("narrows the results and the URL with a facet click, and the URL restores the view", async () => {
    const watched = await suite.open(tokens.dashboard);
    const { page } = watched;
    await page.goto(`${suite.system.dashboardUrl}/search`);
    const hits = page.getByTestId("total-hits");
    await hits.waitFor();
    expect(await hits.getAttribute("data-total")).toBe("24");
    const facet = page.locator('[data-facet="region"] [data-value="us-east"]');
    const count = (await facet.locator(".count").textContent()) ?? "";
    expect(Number(count)).toBeGreaterThan(0);
    await facet.getByRole("checkbox").check();
    await page.waitForURL(/\/search\?region=us-east$/);
    await expect.poll(() => hits.getAttribute("data-total")).toBe(count);
    const regions = await page
      .locator('[data-testid="search-results"] td[data-column="region"]')
      .allTextContents();
    expect(regions.length).toBe(Number(count));
    expect(new Set(regions)).toEqual(new Set(["us-east"]));
    await expectAccessible(page);
    await screenshot(page, "search");

    await page.goto(
      `${suite.system.dashboardUrl}/search?region=us-east&status=completed&sort=total-desc`,
    );
    await expect
      .poll(() => page.locator('[data-facet="status"] [data-value="completed"] input').isChecked())
      .toBe(true);
    const found = await suite.system.queries.searchOrders({
      filter: { regions: ["us-east"], statuses: [OrderStatus.COMPLETED] },
    });
    await expect.poll(() => hits.getAttribute("data-total")).toBe(String(found.totalHits));
  });

  it("places an order: computing…, then the order with its total; completes it the same way", async () => {
    const watched = await suite.open(tokens.dashboard);
    const { page } = watched;
    await page.addInitScript({ content: recordComputing });
    await page.goto(`${suite.system.dashboardUrl}/orders/new`);
    await page.getByLabel("Customer id").fill("c-browser");
    await page.getByLabel("Region").fill("eu-west");
    await page.getByLabel("Currency").fill("EUR");
    await page.getByLabel("Product id").fill("sku-browser");
    await page.getByLabel("Product name").fill("Browser beans");
    await page.getByLabel("Quantity").fill("3");
    await page.getByLabel("Unit price (EUR)").fill("12.50");
    await page.getByRole("button", { name: "Place order" }).click();
    const view = page.getByTestId("order-view");
    await view.waitFor();
    expect(await page.getByTestId("order-total").textContent()).toBe("€37.50");
    expect(await page.getByTestId("order-version").textContent()).toBe("1");
    const seen = (await page.evaluate("window.__computing")) as string[];
    expect(seen.join(" ")).toMatch(
      /computing… waiting for the projection to reach version 1 \(trace: event position \d+\)/,
    );
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1) ?? "");
    const read = await suite.system.queries.getOrder({ orderId });
    expect(read.order?.totalMinor).toBe(3_750n);
    await expectAccessible(page);
    await screenshot(page, "order");

    await page.getByRole("button", { name: "Complete order" }).click();
    await expect
      .poll(() => page.getByTestId("order-version").textContent(), { timeout: 15_000 })
      .toBe("2");
    expect(await page.getByTestId("order-status").textContent()).toBe("completed");
    expect(((await page.evaluate("window.__computing")) as string[]).join(" ")).toMatch(
      /version 2/,
    );
  });

  it("shows command-svc's field violations when an order is refused", async () => {
    const watched = await suite.open(tokens.dashboard);
    const { page } = watched;
    await page.goto(`${suite.system.dashboardUrl}/orders/new`);
    await page.getByLabel("Unit price (EUR)").fill("1");
    await page.getByRole("button", { name: "Place order" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /The order was not placed: The request has invalid fields/,
    );
    const fields = await alert.locator(".violations code").allTextContents();
    expect(fields).toEqual(expect.arrayContaining(["customer_id", "region"]));
    await expectAccessible(page);
    await screenshot(page, "order-refused");
    // The refusal is an HTTP 400 that Chromium itself logs; it is the one error this page expects.
    expect(watched.errors).toEqual([expect.stringMatching(/status of 400/)]);
    watched.errors.length = 0;
  });
});
