import type { OrderView } from "@orderlens/contracts";
import { formatCount, formatMoney, formatUtc } from "../../format/money";
import { StatusLabel } from "../../ui/status-label";

export function OrderDetails(props: { order: OrderView }) {
  const o = props.order;
  return (
    <section
      className="panel"
      aria-label="Order"
      data-testid="order-view"
      data-version={String(o.version)}
    >
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="order-status">
            <StatusLabel status={o.status} />
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd data-testid="order-version">{String(o.version)}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd data-testid="order-total">{formatMoney(o.totalMinor, o.currency)}</dd>
        </div>
        <div>
          <dt>Customer</dt>
          <dd>{o.customerId}</dd>
        </div>
        <div>
          <dt>Region</dt>
          <dd>{o.region}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatUtc(o.createdAt)}</dd>
        </div>
        {o.completedAt && (
          <div>
            <dt>Completed</dt>
            <dd>{formatUtc(o.completedAt)}</dd>
          </div>
        )}
        {o.cancelledAt && (
          <div>
            <dt>Cancelled</dt>
            <dd>
              {formatUtc(o.cancelledAt)}
              {o.cancelReason && ` (${o.cancelReason})`}
            </dd>
          </div>
        )}
      </dl>
      <table>
        <caption>Lines</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Unit price
            </th>
            <th scope="col" className="num">
              Line total
            </th>
          </tr>
        </thead>
        <tbody>
          {o.items.map((i) => (
            <tr key={i.productId}>
              <td>
                {i.productName} <span className="muted">({i.productId})</span>
              </td>
              <td className="num">{formatCount(i.quantity)}</td>
              <td className="num">{formatMoney(i.unitPriceMinor, o.currency)}</td>
              <td className="num">{formatMoney(i.lineTotalMinor, o.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
