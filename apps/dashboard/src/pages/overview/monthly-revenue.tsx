import type { GetSalesReportResponse } from "@orderlens/contracts";
import { BarChart } from "../../charts/bar-chart";
import { DataTable } from "../../charts/data-table";
import { formatCount, formatMoney, formatMoneyCompact } from "../../format/money";
import { formatMonth, formatMonthShort, monthsBetween } from "../../format/months";
import { useLiveSalesReport } from "../../live/use-live-reports";
import { overviewRequests } from "./overview-requests";
import { ReportSection } from "./report-section";
import { countColumns, monthRows, revenueColumn, rowsIn, type SalesRowLike } from "./sales-rows";

function CurrencyTotals(props: { report: GetSalesReportResponse; currency: string }) {
  const total = props.report.totals.find((t) => t.currency === props.currency);
  if (!total) return null;
  return (
    <dl className="kpis">
      <div>
        <dt>Revenue</dt>
        <dd data-testid="total-revenue">{formatMoney(total.revenueMinor, props.currency)}</dd>
      </div>
      <div>
        <dt>Completed orders</dt>
        <dd data-testid="total-orders">{formatCount(total.orderCount)}</dd>
      </div>
      <div>
        <dt>Units</dt>
        <dd data-testid="total-units">{formatCount(total.quantity)}</dd>
      </div>
    </dl>
  );
}

function CurrencyRevenue(props: {
  report: GetSalesReportResponse;
  currency: string;
  months: string[];
}) {
  const { currency } = props;
  const rows = monthRows(rowsIn(props.report, currency), props.months, currency);
  return (
    <div className="currency-block" data-currency={currency}>
      <h3>{currency}</h3>
      <CurrencyTotals report={props.report} currency={currency} />
      <BarChart
        title={`Revenue in ${currency} per month`}
        description={`Completed-order revenue in ${currency} for each month from ${formatMonth(props.months[0] ?? "")} to ${formatMonth(props.months.at(-1) ?? "")}.`}
        bars={rows.map((r) => ({
          key: r.key,
          value: Number(r.revenueMinor),
          valueText: formatMoney(r.revenueMinor, currency),
        }))}
        formatKey={formatMonthShort}
        formatTick={(v) => formatMoneyCompact(v, currency)}
        testId="monthly-revenue-chart"
      />
      <DataTable<SalesRowLike>
        caption={`Revenue in ${currency} per month`}
        collapsed
        rows={rows}
        rowKey={(r) => r.key}
        testId="monthly-revenue-table"
        columns={[
          { header: "Month", cell: (r) => r.key },
          revenueColumn(currency),
          ...countColumns,
        ]}
      />
    </div>
  );
}

export function MonthlyRevenue(props: { from: string; to: string }) {
  const { from, to } = props;
  const result = useLiveSalesReport(overviewRequests.monthly(from, to));
  const months = monthsBetween(from, to);
  return (
    <ReportSection
      title={`Monthly revenue, ${formatMonth(from)} to ${formatMonth(to)}`}
      testId="monthly-revenue"
      result={result}
      empty="No completed orders in these months."
    >
      {(report, currencies) =>
        currencies.map((c) => (
          <CurrencyRevenue key={c} report={report} currency={c} months={months} />
        ))
      }
    </ReportSection>
  );
}
