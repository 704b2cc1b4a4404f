#!/usr/bin/env node
import { createDatabase } from "@orderlens/event-store";
import { createIndexNames, createMeiliClient } from "@orderlens/meili-indexes";
import { createLogger, onShutdownSignals, renderEnvHelp, reportFatal } from "@orderlens/server";
import { configSchema, loadConfig } from "./config.js";
import {
  exportUsage,
  parseExportArgs,
  runExportCommand,
  UsageError,
} from "./history/export-command.js";
import { startProjector } from "./projector.js";
import { windowsAt } from "./retention/retention-job.js";
import { verifyProjection } from "./verify/verify-projection.js";

const usage = `usage: orderlens-projector <command>

commands:
  serve     consume order events, keep the read schema and push Meilisearch documents (default)
  verify    recompute every document from the event store, print each difference; exit 1 if any
  export    --from YYYY-MM --to YYYY-MM [--dir DIR]: write the completed order lines of each
            month to Parquet (DIR/order_lines/month=YYYY-MM/order_lines.parquet, DIR default
            HISTORY_DIR), replacing that month's file

${renderEnvHelp(configSchema)}`;

async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ service: "projector" });
  const projector = await startProjector(config, { logger });
  logger.info("projector ready", {
    admin: `localhost:${projector.port}`,
    meili: config.meiliUrl,
    partitions: config.partitions,
  });
  onShutdownSignals(() => projector.close(), { logger });
}

async function verify(): Promise<void> {
  const config = loadConfig();
  // Reads only: the event store and the live indexes. Nothing is consumed or pushed.
  const eventStore = createDatabase({ url: config.mysqlUrl, connectionLimit: 2 }).db;
  const { meili, close: closeMeili } = createMeiliClient({
    host: config.meiliUrl,
    apiKey: config.meiliApiKey,
    timeoutMs: 30_000,
  });
  try {
    const report = await verifyProjection({
      eventStore,
      meili,
      indexes: createIndexNames(config.indexPrefix),
      timeZone: config.timeZone,
      maxDifferences: 1_000,
      windows: windowsAt(
        {
          orderMonths: config.orderRetentionMonths,
          reportMonths: config.reportRetentionMonths,
          timeZone: config.timeZone,
        },
        Date.now(),
      ),
    });
    for (const d of report.differences) {
      process.stdout.write(
        `${d.index}\t${d.documentId}\t${d.field}\texpected ${d.expected}\tactual ${d.actual}\n`,
      );
    }
    process.stdout.write(
      `${report.clean ? "clean" : "DIFFERENT"}: ${report.eventsReplayed} events replayed, ${report.documentsChecked} documents checked, ${report.differenceCount} differences\n`,
    );
    process.exitCode = report.clean ? 0 : 1;
  } finally {
    await eventStore.destroy();
    closeMeili();
  }
}

async function exportCommand(): Promise<void> {
  if (process.argv.includes("--help")) {
    process.stdout.write(`${exportUsage}\n`);
    return;
  }
  let args: ReturnType<typeof parseExportArgs>;
  try {
    args = parseExportArgs(process.argv.slice(3));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`export: ${error.message}\n\n${exportUsage}\n`);
    process.exitCode = 2;
    return;
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  await runExportCommand(args, loadConfig(), print);
}

const commands: Record<string, () => Promise<void>> = {
  serve,
  verify,
  export: exportCommand,
};
const command = process.argv[2] ?? "serve";
const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
if (!run) {
  const help = command === "help" || command === "--help";
  process.stderr.write(help ? usage : `unknown command ${command}\n\n${usage}`);
  process.exit(help ? 0 : 2);
}
run().catch((error: unknown) => {
  reportFatal("projector", error);
  process.exit(1);
});
