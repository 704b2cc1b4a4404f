import type { GetProjectionStatusResponse } from "@orderlens/contracts";
import { useId } from "react";
import { ErrorPanel } from "../../errors/error-panel";
import { formatCount, formatUtc } from "../../format/money";
import { LiveBadge } from "../../live/live-badge";
import { useLiveProjectionStatus } from "../../live/use-live-reports";

const seconds = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

function Summary(props: { status: GetProjectionStatusResponse }) {
  const s = props.status;
  const facts: [string, string, string][] = [
    ["Last applied position", formatCount(s.lastAppliedPosition), "last-position"],
    ["Last applied at", formatUtc(s.lastAppliedAt), "last-applied-at"],
    ["Events per second", seconds.format(s.eventsPerSecond), "events-per-second"],
    ["Pending documents", formatCount(s.pendingDocuments), "pending-documents"],
    ["Retries", formatCount(s.retriesTotal), "retries"],
    ["Parked messages", formatCount(s.parkedCount), "parked-count"],
    ["Reported at", formatUtc(s.reportedAt), "reported-at"],
  ];
  return (
    <dl className="facts">
      {facts.map(([label, value, testId]) => (
        <div key={testId}>
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Partitions(props: { status: GetProjectionStatusResponse }) {
  return (
    <table data-testid="partitions">
      <caption>Partitions</caption>
      <thead>
        <tr>
          <th scope="col">Partition</th>
          <th scope="col" className="num">
            Queued messages
          </th>
          <th scope="col" className="num">
            Lag (s)
          </th>
          <th scope="col" className="num">
            Last position
          </th>
          <th scope="col">Last applied at</th>
        </tr>
      </thead>
      <tbody>
        {props.status.partitions.map((p) => (
          <tr key={p.partition}>
            <td>{p.partition}</td>
            <td className="num">{formatCount(p.lagMessages)}</td>
            <td className="num">{seconds.format(p.lagSeconds)}</td>
            <td className="num">{formatCount(p.lastPosition)}</td>
            <td>{formatUtc(p.lastAppliedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ProjectionStatusPanel() {
  const id = useId();
  const result = useLiveProjectionStatus();
  return (
    <section className="panel" aria-labelledby={id} data-testid="projection-status">
      <header className="panel-head">
        <h2 id={id}>Projection</h2>
        <LiveBadge status={result.live} />
      </header>
      {result.error && <ErrorPanel error={result.error} />}
      {!result.data && !result.error && <p className="muted">Loading…</p>}
      {result.data && <Summary status={result.data} />}
      {result.data && <Partitions status={result.data} />}
    </section>
  );
}
