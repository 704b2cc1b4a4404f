import { useMutation } from "@connectrpc/connect-query";
import { OrderCommandService } from "@orderlens/contracts";
import { type FormEvent, useState } from "react";
import { useLocation } from "wouter";
import { ErrorPanel } from "../../errors/error-panel";
import { useServices } from "../../services/services-context";
import { TextField } from "../../ui/text-field";
import { newRequestId, orderUrlAfter } from "./command-trace";
import { LineFields } from "./line-fields";
import {
  draftToRequest,
  emptyLine,
  initialDraft,
  type LineDraft,
  type OrderDraft,
} from "./order-draft";

/** The order's lines, each editable and removable while more than one is left. */
function LineList(props: {
  lines: LineDraft[];
  currency: string;
  onChange: (lines: LineDraft[]) => void;
}) {
  const { lines, onChange } = props;
  return (
    <>
      {lines.map((line, i) => (
        <LineFields
          // Lines have no identity of their own until submitted; their position is it.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          index={i}
          line={line}
          currency={props.currency}
          onChange={(next) => onChange(lines.map((l, j) => (j === i ? next : l)))}
          onRemove={lines.length > 1 ? () => onChange(lines.filter((_, j) => j !== i)) : undefined}
        />
      ))}
      <div className="actions">
        <button type="button" onClick={() => onChange([...lines, emptyLine])}>
          Add line
        </button>
      </div>
    </>
  );
}

/** A small order form for operators; command-svc checks every field and says what is wrong. */
export function NewOrderPage() {
  const { command } = useServices();
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState<OrderDraft>(initialDraft);
  const [problems, setProblems] = useState<{ field: string; description: string }[]>([]);
  const create = useMutation(OrderCommandService.method.createOrder, {
    transport: command,
    onSuccess: (res) => {
      const url = orderUrlAfter(res.outcome);
      if (url) navigate(url);
    },
  });
  const set = (change: Partial<OrderDraft>) => setDraft((d) => ({ ...d, ...change }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = draftToRequest(draft, newRequestId());
    setProblems(result.ok ? [] : result.problems);
    if (result.ok) create.mutate(result.request);
  };
  return (
    <>
      <h1>New order</h1>
      <form className="panel order-form" onSubmit={submit} aria-label="New order">
        <TextField
          label="Customer id"
          value={draft.customerId}
          onChange={(customerId) => set({ customerId })}
        />
        <TextField label="Region" value={draft.region} onChange={(region) => set({ region })} />
        <TextField
          label="Currency"
          value={draft.currency}
          onChange={(currency) => set({ currency })}
          hint="ISO-4217, e.g. EUR"
        />
        <TextField
          label="Order id (optional)"
          value={draft.orderId}
          onChange={(orderId) => set({ orderId })}
          hint="Left empty, command-svc assigns one"
        />
        <LineList
          lines={draft.lines}
          currency={draft.currency}
          onChange={(lines) => set({ lines })}
        />
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            Place order
          </button>
        </div>
        {problems.length > 0 && (
          <div className="error" role="alert">
            <p>
              <strong>Please correct:</strong>
            </p>
            <ul className="violations">
              {problems.map((p) => (
                <li key={p.field}>
                  <code>{p.field}</code> {p.description}
                </li>
              ))}
            </ul>
          </div>
        )}
        {create.error && <ErrorPanel error={create.error} context="The order was not placed" />}
      </form>
    </>
  );
}
