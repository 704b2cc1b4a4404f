import { useMutation } from "@connectrpc/connect-query";
import { OrderCommandService } from "@orderlens/contracts";
import { type FormEvent, useState } from "react";
import { useLocation } from "wouter";
import { ErrorPanel } from "../../errors/error-panel";
import { useServices } from "../../services/services-context";
import { TextField } from "../../ui/text-field";
import { newRequestId, orderUrlAfter } from "./command-trace";
import { LineFields } from "./line-fields";
import { draftToRequest, emptyLine, initialDraft, type OrderDraft } from "./order-draft";

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
        {draft.lines.map((line, i) => (
          <LineFields
            // Lines have no identity of their own until submitted; their position is it.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            key={i}
            index={i}
            line={line}
            currency={draft.currency}
            onChange={(next) => set({ lines: draft.lines.map((l, j) => (j === i ? next : l)) })}
            onRemove={
              draft.lines.length > 1
                ? () => set({ lines: draft.lines.filter((_, j) => j !== i) })
                : undefined
            }
          />
        ))}
        <div className="actions">
          <button type="button" onClick={() => set({ lines: [...draft.lines, emptyLine] })}>
            Add line
          </button>
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
