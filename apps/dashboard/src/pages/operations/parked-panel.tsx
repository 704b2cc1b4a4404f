import { useMutation, useQuery } from "@connectrpc/connect-query";
import { ProjectorAdmin, type RedriveParkedResponse } from "@orderlens/contracts";
import { useId, useState } from "react";
import { ErrorPanel } from "../../errors/error-panel";
import { formatCount, formatUtc } from "../../format/money";
import { useServices } from "../../services/services-context";
import { ConfirmDialog } from "../../ui/confirm-dialog";

const listLimit = 100;

function RedriveResult(props: { result: RedriveParkedResponse }) {
  const { redriven, notFound } = props.result;
  return (
    <p role="status" data-testid="redrive-result">
      Redriven: {redriven}.{notFound.length > 0 && ` No longer parked: ${notFound.join(", ")}.`}
    </p>
  );
}

/** The parking lot: what gave up and why, and redrive with a confirmation. */
export function ParkedPanel() {
  const id = useId();
  const { projector } = useServices();
  const [selected, setSelected] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const list = useQuery(
    ProjectorAdmin.method.listParked,
    { limit: listLimit },
    {
      transport: projector,
      refetchInterval: 5_000,
    },
  );
  const redrive = useMutation(ProjectorAdmin.method.redriveParked, {
    transport: projector,
    onSuccess: () => {
      setSelected([]);
      void list.refetch();
    },
  });
  const messages = list.data?.messages ?? [];
  const toggle = (messageId: string) =>
    setSelected((s) =>
      s.includes(messageId) ? s.filter((m) => m !== messageId) : [...s, messageId],
    );
  return (
    <section className="panel" aria-labelledby={id} data-testid="parked">
      <header className="panel-head">
        <h2 id={id}>Parking lot</h2>
        {list.data && <span className="muted">{formatCount(list.data.total)} parked</span>}
      </header>
      {list.error && <ErrorPanel error={list.error} />}
      {list.data && messages.length === 0 && <p className="muted">Nothing is parked.</p>}
      {messages.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Select</th>
                <th scope="col">Order</th>
                <th scope="col" className="num">
                  Version
                </th>
                <th scope="col">Type</th>
                <th scope="col">Reason</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Parked at</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.messageId || `${m.orderId}@${m.version}`} data-message-id={m.messageId}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${m.orderId} version ${m.version}`}
                      disabled={m.messageId === ""}
                      checked={selected.includes(m.messageId)}
                      onChange={() => toggle(m.messageId)}
                    />
                  </td>
                  <td>{m.orderId}</td>
                  <td className="num">{String(m.version)}</td>
                  <td>{m.type}</td>
                  <td>{m.reason}</td>
                  <td className="num">{m.attempts}</td>
                  <td>{formatUtc(m.parkedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          disabled={selected.length === 0 || redrive.isPending}
          onClick={() => setConfirming(true)}
        >
          Redrive selected ({selected.length})
        </button>
      </div>
      {redrive.data && <RedriveResult result={redrive.data} />}
      {redrive.error && <ErrorPanel error={redrive.error} context="Redrive" />}
      <ConfirmDialog
        open={confirming}
        title="Redrive parked messages?"
        confirmLabel="Redrive"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          redrive.mutate({ messageIds: selected });
        }}
      >
        <p>
          {selected.length} message{selected.length === 1 ? "" : "s"} go back to{" "}
          {selected.length === 1 ? "its" : "their"} partition queue with a fresh attempt count. One
          that fails again is parked again; one already applied is skipped as a duplicate.
        </p>
      </ConfirmDialog>
    </section>
  );
}
