import { BarChart } from "../../charts/bar-chart";
import { DataTable } from "../../charts/data-table";
import { formatMoney, formatMoneyCompact } from "../../format/money";
import { formatMonth } from "../../format/months";
import { useLiveSalesReport } from "../../live/use-live-reports";
import { overviewRequests } from "./overview-requests";
import { ReportSection } from "./report-section";
import { countColumns, revenueColumn, rowsIn, type SalesRowLike } from "./sales-rows";

const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

export function RegionSplit(props: { month: string }) {
  const { month } = props;
  const result = useLiveSalesReport(overviewRequests.regions(month));
  return (
    <ReportSection
      title={`Revenue by region, ${formatMonth(month)}`}
      testId="region-split"
      result={result}
      empty="No completed orders in this month."
    >
      {(report, currencies) =>
        currencies.map((currency) => {
          const rows = [...rowsIn(report, currency)].sort((a, b) =>
            a.revenueMinor === b.revenueMinor
              ? a.key.localeCompare(b.key)
              : a.revenueMinor > b.revenueMinor
                ? -1
                : 1,
          );
          const total = rows.reduce((sum, r) => sum + r.revenueMinor, 0n);
          return (
            <div className="currency-block" data-currency={currency} key={currency}>
              <h3>{currency}</h3>
              <BarChart
                title={`Revenue in ${currency} by region, ${formatMonth(month)}`}
                description={`Completed-order revenue in ${currency} for each region.`}
                bars={rows.map((r) => ({
                  key: r.key,
                  value: Number(r.revenueMinor),
                  valueText: formatMoney(r.revenueMinor, currency),
                }))}
                formatTick={(v) => formatMoneyCompact(v, currency)}
                width={420}
                testId="region-chart"
              />
              <DataTable<SalesRowLike>
                caption={`Revenue in ${currency} by region`}
                rows={rows}
                rowKey={(r) => r.key}
                testId="region-table"
                columns={[
                  { header: "Region", cell: (r) => r.label || r.key },
                  revenueColumn(currency),
                  {
                    header: "Share",
                    numeric: true,
                    cell: (r) =>
                      total > 0n ? percent.format(Number(r.revenueMinor) / Number(total)) : "—",
                  },
                  ...countColumns,
                ]}
              />
            </div>
          );
        })
      }
    </ReportSection>
  );
}
