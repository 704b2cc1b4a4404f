// One system per spec file: the three services and the dashboard as processes, seeded orders,
// and one Chromium. Every page a test opens is closed after it, and must have logged no error.
import { afterAll, afterEach, beforeAll } from "vitest";
import { type System, startSystem } from "../system-harness.js";
import {
  type Browser,
  expectNoErrors,
  launchBrowser,
  openPage,
  type WatchedPage,
} from "./browser.js";
import { seedOrders, waitForProjection } from "./seed.js";

export interface DashboardSuite {
  readonly system: System;
  /** A new page (signed in with `token`, when given). */
  open(token?: string): Promise<WatchedPage>;
}

export function dashboardSuite(
  label: string,
  seed: { prefix: string; orders: number },
): DashboardSuite {
  let system: System | undefined;
  let browser: Browser | undefined;
  const pages: WatchedPage[] = [];
  beforeAll(async () => {
    system = await startSystem(label, { dashboard: true });
    await seedOrders(system, seed.prefix, seed.orders);
    await waitForProjection(system);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });
  afterEach(async () => {
    for (const watched of pages.splice(0)) {
      await watched.page.close();
      expectNoErrors(watched);
    }
  });
  return {
    get system() {
      if (!system) throw new Error("the system is not started yet");
      return system;
    },
    async open(token) {
      if (!browser) throw new Error("the browser is not started yet");
      const watched = await openPage(browser, token);
      pages.push(watched);
      return watched;
    },
  };
}
