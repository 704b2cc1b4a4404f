import { useMutation } from "@connectrpc/connect-query";
import { OrderCommandService, OrderStatus, type OrderView } from "@orderlens/contracts";
import { useId, useState } from "react";
import { useLocation } from "wouter";
import { ErrorPanel } from "../../errors/error-panel";
import { useServices } from "../../services/services-context";
import { newRequestId, orderUrlAfter } from "./command-trace";

/** Complete or cancel a pending order, through command-svc, at the version on screen. */
export function OrderActions(props: { order: OrderView }) {
  const { order } = props;
  const { command } = useServices();
  const [, navigate] = useLocation();
  const id = useId();
  const [reason, setReason] = useState("");
  const onSuccess = (res: { outcome?: Parameters<typeof orderUrlAfter>[0] }) => {
    const url = orderUrlAfter(res.outcome);
    if (url) navigate(url, { replace: true });
  };
  const complete = useMutation(OrderCommandService.method.completeOrder, {
    transport: command,
    onSuccess,
  });
  const cancel = useMutation(OrderCommandService.method.cancelOrder, {
    transport: command,
    onSuccess,
  });
  if (order.status !== OrderStatus.PENDING) return null;
  const busy = complete.isPending || cancel.isPending;
  const common = { orderId: order.orderId, expectedVersion: order.version };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Complete or cancel</h2>
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => complete.mutate({ ...common, requestId: newRequestId() })}
        >
          Complete order
        </button>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            cancel.mutate({ ...common, requestId: newRequestId(), reason });
          }}
        >
          <label htmlFor={`${id}-reason`}>Cancellation reason</label>
          <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" disabled={busy} className="danger">
            Cancel order
          </button>
        </form>
      </div>
      {complete.error && <ErrorPanel error={complete.error} context="Complete" />}
      {cancel.error && <ErrorPanel error={cancel.error} context="Cancel" />}
    </section>
  );
}
