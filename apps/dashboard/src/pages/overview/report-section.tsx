import type { GetSalesReportResponse } from "@orderlens/contracts";
import { type ReactNode, useId } from "react";
import { ErrorPanel } from "../../errors/error-panel";
import { LiveBadge } from "../../live/live-badge";
import type { useLiveSalesReport } from "../../live/use-live-reports";
import { currenciesOf } from "./sales-rows";

/** One live report on the overview: heading, how it stays live, loading, errors, empty. */
export function ReportSection(props: {
  title: string;
  testId: string;
  result: ReturnType<typeof useLiveSalesReport>;
  empty: string;
  children: (report: GetSalesReportResponse, currencies: string[]) => ReactNode;
}) {
  const id = useId();
  const { data, error, live } = props.result;
  const currencies = data ? currenciesOf(data) : [];
  return (
    <section
      className="panel"
      aria-labelledby={id}
      data-testid={props.testId}
      data-ready={data ? "true" : "false"}
    >
      <header className="panel-head">
        <h2 id={id}>{props.title}</h2>
        <LiveBadge status={live} />
      </header>
      {error && <ErrorPanel error={error} context={data ? "Refreshing failed" : undefined} />}
      {!data && !error && <p className="muted">Loading…</p>}
      {data && currencies.length === 0 && <p className="muted">{props.empty}</p>}
      {data && currencies.length > 0 && props.children(data, currencies)}
      {data && (
        <p className="footnote">
          {data.basis} · months cut in {data.timeZone || "UTC"}
        </p>
      )}
    </section>
  );
}
