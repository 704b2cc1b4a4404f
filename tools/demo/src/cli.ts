#!/usr/bin/env node
// `npm run demo` (the `orderlens-demo` bin): places realistic orders through the gRPC API of a
// running system (npm start), spread over the last 12 months, then prints the monthly sales
// report through the query API.
import {
  OrderCommandService,
  ReportQueryService,
  SalesGroupBy,
  SalesRankBy,
} from "@orderlens/contracts";
import { createGrpcJsClient } from "@orderlens/server";
import { loadDemoSettings } from "./demo-settings.js";
import { createCatalogue, planOrder, reportMonths } from "./order-plan.js";
import { type Placement, placeOrders } from "./place-orders.js";
import { createRandom } from "./random.js";
import { formatSalesReport } from "./report-table.js";

const settings = loadDemoSettings(process.env);

function reportFailures({ failed, lastFailure }: Placement): void {
  process.stderr.write(`\n${failed} orders failed${failed ? ` (last: ${lastFailure})` : ""}\n`);
  if (failed === settings.orders) {
    process.stderr.write(
      "every command failed: is `npm start` running, and does command-svc allow the demo's command times (ALLOW_CLIENT_COMMAND_TIME=true, which npm start sets)?\n",
    );
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const auth = settings.token ? { token: settings.token } : {};
  const commands = createGrpcJsClient(OrderCommandService, settings.commandAddress, auth);
  const queries = createGrpcJsClient(ReportQueryService, settings.queryAddress, auth);
  const random = createRandom(settings.seed);
  const now = Date.now();
  const context = {
    random,
    catalogue: createCatalogue(random, settings.products),
    regions: settings.regions,
    runId: now.toString(36),
    now,
  };
  process.stderr.write(
    `placing ${settings.orders} orders (${settings.products} products, ${settings.regions.length} regions) through ${settings.commandAddress}\n`,
  );
  const placement = await placeOrders(
    commands,
    (i) => planOrder(context, i),
    settings.orders,
    settings.concurrency,
  );
  reportFailures(placement);
  if (placement.last) {
    // Read-your-writes on the last command, then give the sync loop a moment for the reports.
    await queries.getOrder({
      orderId: placement.last.orderId,
      minVersion: placement.last.version,
      maxWait: { seconds: 10n, nanos: 0 },
    });
    await new Promise((r) => setTimeout(r, 1_000));
  }
  const months = reportMonths(now);
  const report = await queries.getSalesReport({
    range: { case: "months", value: months },
    groupBy: SalesGroupBy.MONTH,
    rankBy: SalesRankBy.REVENUE,
  });
  process.stdout.write(formatSalesReport(report, months));
  commands.close();
  queries.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`\ndemo failed: ${(error as Error).message}\n`);
  process.exit(1);
});
