import type { OrderView } from "@orderlens/contracts";
import { Link } from "wouter";
import { type Column, DataTable } from "../../charts/data-table";
import { formatMoney, formatUtc } from "../../format/money";
import { StatusLabel } from "../../ui/status-label";

const columns: Column<OrderView>[] = [
  {
    header: "Order",
    cell: (o) => <Link href={`/orders/${encodeURIComponent(o.orderId)}`}>{o.orderId}</Link>,
  },
  { header: "Customer", cell: (o) => o.customerId },
  { header: "Region", id: "region", cell: (o) => o.region },
  { header: "Status", cell: (o) => <StatusLabel status={o.status} /> },
  { header: "Total", numeric: true, cell: (o) => formatMoney(o.totalMinor, o.currency) },
  { header: "Created", cell: (o) => formatUtc(o.createdAt) },
];

export function ResultsTable(props: { orders: readonly OrderView[] }) {
  return (
    <DataTable
      caption="Matching orders"
      captionHidden
      scroll
      rows={props.orders}
      rowKey={(o) => o.orderId}
      columns={columns}
      testId="search-results"
    />
  );
}
