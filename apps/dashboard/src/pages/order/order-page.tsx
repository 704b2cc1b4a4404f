import { useEffect } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { ErrorPanel } from "../../errors/error-panel";
import { LiveBadge } from "../../live/live-badge";
import { useAwaitVersion } from "../../live/use-await-version";
import { useLiveOrder } from "../../live/use-live-reports";
import { awaitedCommand } from "./command-trace";
import { ComputingBanner } from "./computing-banner";
import { OrderActions } from "./order-actions";
import { OrderDetails } from "./order-details";

function LiveOrder(props: { orderId: string }) {
  const result = useLiveOrder(props.orderId);
  const order = result.data?.order;
  return (
    <>
      <p>
        <LiveBadge status={result.live} />
      </p>
      {result.error && <ErrorPanel error={result.error} />}
      {!order && !result.error && <p className="muted">Loading…</p>}
      {order && <OrderDetails order={order} />}
      {order && <OrderActions order={order} />}
    </>
  );
}

export function OrderPage(props: { orderId: string }) {
  const orderId = decodeURIComponent(props.orderId);
  const search = useSearch();
  const [, navigate] = useLocation();
  const awaited = awaitedCommand(search);
  const version = awaited?.version;
  const state = useAwaitVersion(orderId, version);
  useEffect(() => {
    // Once visible, the trace has done its job: the URL becomes the order's plain address.
    if (version !== undefined && state.reached) {
      navigate(`/orders/${encodeURIComponent(orderId)}`, { replace: true });
    }
  }, [version, state.reached, navigate, orderId]);
  return (
    <>
      <h1>
        Order <span className="mono">{orderId}</span>
      </h1>
      {awaited && !state.reached ? (
        <ComputingBanner awaited={awaited} state={state} />
      ) : (
        <LiveOrder orderId={orderId} />
      )}
      <p>
        <Link href="/search">Back to search</Link>
      </p>
    </>
  );
}
