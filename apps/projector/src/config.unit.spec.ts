import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("projector configuration", () => {
  it("works on a development machine with nothing set", () => {
    expect(loadConfig({})).toEqual({
      port: 50053,
      host: "0.0.0.0",
      mysqlUrl: "mysql://orderlens_projector:orderlens-projector-dev@127.0.0.1:3306/orderlens",
      readMysqlUrl:
        "mysql://orderlens_projector:orderlens-projector-dev@127.0.0.1:3306/orderlens_read",
      amqpUrl: "amqp://guest:guest@127.0.0.1:5672",
      amqpPrefix: "orderlens",
      partitions: 8,
      consumePartitions: [0, 1, 2, 3, 4, 5, 6, 7],
      retryDelaysMs: [1_000, 10_000, 60_000],
      meiliUrl: "http://127.0.0.1:7700",
      meiliApiKey: undefined,
      indexPrefix: "",
      timeZone: "UTC",
      prefetch: 500,
      batchSize: 200,
      batchMs: 20,
      syncBatchSize: 10_000,
      syncIntervalMs: 100,
      syncReportIntervalMs: 500,
      meiliTaskRetentionHours: 24,
      shutdownGraceMs: 10_000,
      orderRetentionMonths: 24,
      reportRetentionMonths: 0,
      retentionIntervalMs: 3_600_000,
      historyDir: ".data/history",
    });
  });

  it("takes retention windows in whole months, 0 meaning forever, and refuses anything else", () => {
    const c = loadConfig({ ORDER_RETENTION_MONTHS: "0", REPORT_RETENTION_MONTHS: "36" });
    expect([c.orderRetentionMonths, c.reportRetentionMonths]).toEqual([0, 36]);
    expect(() => loadConfig({ ORDER_RETENTION_MONTHS: "-1" })).toThrow(/ORDER_RETENTION_MONTHS/);
    expect(() => loadConfig({ REPORT_RETENTION_MONTHS: "two years" })).toThrow(
      /REPORT_RETENTION_MONTHS/,
    );
  });

  it("takes the history directory as given, and refuses one with a control character", () => {
    expect(loadConfig({ HISTORY_DIR: " /var/lib/orderlens/history " }).historyDir).toBe(
      "/var/lib/orderlens/history",
    );
    expect(loadConfig({ HISTORY_DIR: "  " }).historyDir).toBe(".data/history");
    expect(() => loadConfig({ HISTORY_DIR: "/data/\thistory" })).toThrow(
      new ConfigError(
        'HISTORY_DIR must be a directory path without control characters (control character U+0009), got "/data/\\thistory"',
      ),
    );
  });

  it("consumes all partitions, or a list of them, sorted and without repeats", () => {
    expect(loadConfig({ PARTITIONS: "4", PROJECTOR_PARTITIONS: "all" }).consumePartitions).toEqual([
      0, 1, 2, 3,
    ]);
    expect(loadConfig({ PROJECTOR_PARTITIONS: " 5, 1,5 " }).consumePartitions).toEqual([1, 5]);
  });

  it("refuses partitions that do not exist", () => {
    expect(() => loadConfig({ PARTITIONS: "4", PROJECTOR_PARTITIONS: "1,4" })).toThrow(
      new ConfigError(
        'PROJECTOR_PARTITIONS must be "all" or a list of partitions in 0..3, got "1,4"',
      ),
    );
    expect(() => loadConfig({ PROJECTOR_PARTITIONS: "one" })).toThrow(
      /PROJECTOR_PARTITIONS must be "all" or a comma-separated list of partitions/,
    );
  });
});
