import { useMutation, useQuery } from "@connectrpc/connect-query";
import {
  type ParkedMessage,
  ProjectorAdmin,
  type RedriveParkedResponse,
} from "@orderlens/contracts";
import { useId, useState } from "react";
import { DataTable } from "../../charts/data-table";
import { ErrorPanel } from "../../errors/error-panel";
import { formatCount, formatUtc } from "../../format/money";
import { useServices } from "../../services/services-context";
import { ConfirmButton } from "../../ui/confirm-button";

const listLimit = 100;

function RedriveResult(props: { result: RedriveParkedResponse }) {
  const { redriven, notFound } = props.result;
  return (
    <p role="status" data-testid="redrive-result">
      Redriven: {redriven}.{notFound.length > 0 && ` No longer parked: ${notFound.join(", ")}.`}
    </p>
  );
}

function ParkedTable(props: {
  messages: readonly ParkedMessage[];
  selected: readonly string[];
  onToggle: (messageId: string) => void;
}) {
  return (
    <DataTable<ParkedMessage>
      caption="Parked messages, oldest first"
      captionHidden
      scroll
      rows={props.messages}
      rowKey={(m) => m.messageId || `${m.orderId}@${m.version}`}
      columns={[
        {
          header: "Select",
          cell: (m) => (
            <input
              type="checkbox"
              aria-label={`Select ${m.orderId} version ${m.version}`}
              disabled={m.messageId === ""}
              checked={props.selected.includes(m.messageId)}
              onChange={() => props.onToggle(m.messageId)}
            />
          ),
        },
        { header: "Order", cell: (m) => m.orderId },
        { header: "Version", numeric: true, cell: (m) => String(m.version) },
        { header: "Type", cell: (m) => m.type },
        { header: "Reason", cell: (m) => m.reason },
        { header: "Attempts", numeric: true, cell: (m) => m.attempts },
        { header: "Parked at", cell: (m) => formatUtc(m.parkedAt) },
      ]}
    />
  );
}

/** The parking lot: what gave up and why, and redrive with a confirmation. */
export function ParkedPanel() {
  const id = useId();
  const { projector } = useServices();
  const [selected, setSelected] = useState<string[]>([]);
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
        <ParkedTable messages={messages} selected={selected} onToggle={toggle} />
      )}
      <div className="actions">
        <ConfirmButton
          label={`Redrive selected (${selected.length})`}
          disabled={selected.length === 0 || redrive.isPending}
          title="Redrive parked messages?"
          confirmLabel="Redrive"
          onConfirm={() => redrive.mutate({ messageIds: selected })}
        >
          <p>
            {selected.length === 1 ? "The message goes" : `${selected.length} messages go`} back to
            the partition queue with a fresh attempt count. One that fails again is parked again;
            one already applied is skipped as a duplicate.
          </p>
        </ConfirmButton>
      </div>
      {redrive.data && <RedriveResult result={redrive.data} />}
      {redrive.error && <ErrorPanel error={redrive.error} context="Redrive" />}
    </section>
  );
}
