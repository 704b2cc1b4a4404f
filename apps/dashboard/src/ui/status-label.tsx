import { OrderStatus } from "@orderlens/contracts";

const labels: Record<OrderStatus, string> = {
  [OrderStatus.UNSPECIFIED]: "unknown",
  [OrderStatus.PENDING]: "pending",
  [OrderStatus.COMPLETED]: "completed",
  [OrderStatus.CANCELLED]: "cancelled",
};

export function statusText(status: OrderStatus): string {
  return labels[status] ?? "unknown";
}

export function StatusLabel(props: { status: OrderStatus }) {
  const text = statusText(props.status);
  return <span className={`status status-${text}`}>{text}</span>;
}
