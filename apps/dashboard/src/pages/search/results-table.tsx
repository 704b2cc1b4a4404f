import type { OrderView } from "@orderlens/contracts";
import { Link } from "wouter";
import { formatMoney, formatUtc } from "../../format/money";
import { StatusLabel } from "../../ui/status-label";

export function ResultsTable(props: { orders: readonly OrderView[] }) {
  return (
    <div className="table-scroll">
      <table data-testid="search-results">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Customer</th>
            <th scope="col">Region</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {props.orders.map((o) => (
            <tr key={o.orderId} data-order-id={o.orderId}>
              <td>
                <Link href={`/orders/${encodeURIComponent(o.orderId)}`}>{o.orderId}</Link>
              </td>
              <td>{o.customerId}</td>
              <td data-column="region">{o.region}</td>
              <td>
                <StatusLabel status={o.status} />
              </td>
              <td className="num">{formatMoney(o.totalMinor, o.currency)}</td>
              <td>{formatUtc(o.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
