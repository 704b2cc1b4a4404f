import { Code, ConnectError } from "@connectrpc/connect";
import { PreconditionFailureSchema } from "@orderlens/contracts";
import { type RetentionWindow, retentionWindow } from "@orderlens/domain";

/** The projector's report window now, from the same settings (undefined: every month is kept). */
export function reportWindowNow(
  months: number,
  timeZone: string,
  now = Date.now(),
): RetentionWindow | undefined {
  return retentionWindow(now, months, timeZone);
}

/**
 * FAILED_PRECONDITION for a range that reaches before the window: those aggregates were retired,
 * and an answer from what is left would be silently short. The history export has them.
 */
export function refuseOutsideWindow(
  window: RetentionWindow | undefined,
  first: { field: string; month: string },
): void {
  if (!window || first.month >= window.firstMonth) return;
  const description = `reports are kept from ${window.firstMonth} (the last ${window.months} months); ${first.month} is older: export it to Parquet with \`orderlens-projector export\` or the ExportHistory RPC and query the files`;
  throw new ConnectError(
    `GetSalesReport: ${first.month} is outside the report window`,
    Code.FailedPrecondition,
    undefined,
    [
      {
        desc: PreconditionFailureSchema,
        value: { violations: [{ type: "REPORT_WINDOW", subject: first.field, description }] },
      },
    ],
  );
}
