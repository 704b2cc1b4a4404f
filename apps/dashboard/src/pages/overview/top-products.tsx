import { DataTable } from "../../charts/data-table";
import { formatMoney } from "../../format/money";
import { formatMonth } from "../../format/months";
import { useLiveSalesReport } from "../../live/use-live-reports";
import { overviewRequests, topProductCount } from "./overview-requests";
import { ReportSection } from "./report-section";
import { countColumns, rowsIn, type SalesRowLike } from "./sales-rows";

function ShareBar(props: { value: bigint; max: bigint }) {
  const percent = props.max > 0n ? Number((props.value * 1000n) / props.max) / 10 : 0;
  return (
    <span className="share-bar" aria-hidden="true">
      <span style={{ width: `${percent}%` }} />
    </span>
  );
}

export function TopProducts(props: { month: string }) {
  const { month } = props;
  const result = useLiveSalesReport(overviewRequests.topProducts(month));
  return (
    <ReportSection
      title={`Top products, ${formatMonth(month)}`}
      testId="top-products"
      result={result}
      empty="No completed orders in this month."
    >
      {(report, currencies) =>
        currencies.map((currency) => {
          const rows = rowsIn(report, currency);
          const max = rows[0]?.revenueMinor ?? 0n;
          return (
            <div className="currency-block" data-currency={currency} key={currency}>
              <DataTable<SalesRowLike>
                caption={`Top ${topProductCount} products by revenue in ${currency}`}
                rows={rows}
                rowKey={(r) => r.key}
                testId="top-products-table"
                columns={[
                  { header: "Product", cell: (r) => r.label || r.key },
                  {
                    header: "Revenue",
                    numeric: true,
                    cell: (r) => (
                      <>
                        <ShareBar value={r.revenueMinor} max={max} />
                        {formatMoney(r.revenueMinor, currency)}
                      </>
                    ),
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
