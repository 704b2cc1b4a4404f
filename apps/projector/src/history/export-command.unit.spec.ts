import { describe, expect, it } from "vitest";
import { exportSummary, parseExportArgs, UsageError } from "./export-command.js";

const refused = (args: string[]) => {
  try {
    parseExportArgs(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${args.join(" ")}`);
};

describe("export arguments", () => {
  it("takes a range and an optional directory", () => {
    expect(parseExportArgs(["--from", "2025-01", "--to", "2026-12"])).toEqual({
      from: "2025-01",
      to: "2026-12",
      dir: undefined,
    });
    expect(parseExportArgs(["--from=2026-02", "--to=2026-02", "--dir", "/tmp/h"])).toEqual({
      from: "2026-02",
      to: "2026-02",
      dir: "/tmp/h",
    });
  });

  it("says precisely what is wrong", () => {
    expect(refused(["--to", "2026-01"])).toBe("missing --from");
    expect(refused(["--from", "2026-01"])).toBe("missing --to");
    expect(refused(["--from", "2026-13", "--to", "2026-01"])).toBe(
      '--from "2026-13": must be YYYY-MM',
    );
    expect(refused(["--from", "2026-03", "--to", "2026-02"])).toBe(
      '--to "2026-02": must not be before 2026-03',
    );
    expect(refused(["--from", "2000-01", "--to", "2026-01"])).toBe(
      '--to "2026-01": the range from 2000-01 spans 313 months; at most 240 are exported at once',
    );
    expect(refused(["--from", "2026-01", "--to", "2026-01", "--dir", " "])).toBe(
      "--dir must not be empty",
    );
    expect(refused(["--from", "2026-01", "--to", "2026-01", "--month", "x"])).toMatch(
      /Unknown option '--month'/,
    );
    expect(refused(["--from", "2026-01", "--to", "2026-01", "extra"])).toMatch(/extra/);
  });
});

describe("export summary", () => {
  it("gives rows, files, bytes and the rate", () => {
    expect(
      exportSummary({
        months: [],
        totalRows: 2_400_000,
        totalBytes: 75_497_472,
        files: 24,
        eventsReplayed: 1_800_000,
        seconds: 40,
      }),
    ).toBe(
      "exported: 2,400,000 rows, 24 files, 75,497,472 bytes (72.0 MB), 60,000 rows/s (40.0 s, 1,800,000 events replayed)",
    );
  });
});
