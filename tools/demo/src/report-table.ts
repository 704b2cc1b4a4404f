/** The figures of a row or a total of GetSalesReport's reply. */
interface Figures {
  currency: string;
  orderCount: bigint;
  quantity: bigint;
  revenueMinor: bigint;
}

export interface SalesReport {
  rows: readonly (Figures & { key: string })[];
  totals: readonly Figures[];
  basis: string;
  timeZone: string;
}

function row(label: string, f: Figures): string {
  // Display only: revenue in major units, assuming two decimals as EUR and USD have.
  const revenue = (Number(f.revenueMinor) / 100).toLocaleString("en-US", {
    minimumFractionDigits: 2,
  });
  return `${label.padEnd(9)}${f.currency.padEnd(10)}${String(f.orderCount).padStart(8)}${String(f.quantity).padStart(9)}${revenue.padStart(16)}\n`;
}

/** The monthly sales report as the demo prints it: a title, a header, one line a row, totals. */
export function formatSalesReport(
  report: SalesReport,
  months: { from: string; to: string },
): string {
  const title = `\nMonthly sales ${months.from} .. ${months.to} (${report.basis}; time zone ${report.timeZone})\n`;
  const header = `${"month".padEnd(9)}${"currency".padEnd(10)}${"orders".padStart(8)}${"units".padStart(9)}${"revenue".padStart(16)}\n`;
  return [
    title,
    header,
    ...report.rows.map((r) => row(r.key, r)),
    ...report.totals.map((t) => row("total", t)),
  ].join("");
}
