import type { OrderLine, OrderView } from "@orderlens/contracts";
import { DataTable } from "../../charts/data-table";
import { formatCount, formatMoney, formatUtc } from "../../format/money";
import { StatusLabel } from "../../ui/status-label";

function OrderLines(props: { order: OrderView }) {
  const { currency } = props.order;
  return (
    <DataTable<OrderLine>
      caption="Lines"
      rows={props.order.items}
      rowKey={(i) => i.productId}
      columns={[
        {
          header: "Product",
          cell: (i) => (
            <>
              {i.productName} <span className="muted">({i.productId})</span>
            </>
          ),
        },
        { header: "Quantity", numeric: true, cell: (i) => formatCount(i.quantity) },
        {
          header: "Unit price",
          numeric: true,
          cell: (i) => formatMoney(i.unitPriceMinor, currency),
        },
        {
          header: "Line total",
          numeric: true,
          cell: (i) => formatMoney(i.lineTotalMinor, currency),
        },
      ]}
    />
  );
}

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
      <OrderLines order={o} />
    </section>
  );
}
