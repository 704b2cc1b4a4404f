import type { CommandOutcome } from "@orderlens/contracts";

/** The order page URL after a command: the version to wait for and its position as a trace. */
export function orderUrlAfter(outcome: CommandOutcome | undefined): string | undefined {
  if (!outcome) return undefined;
  const query = new URLSearchParams({ v: String(outcome.version), pos: String(outcome.position) });
  return `/orders/${encodeURIComponent(outcome.orderId)}?${query}`;
}

export interface AwaitedCommand {
  version: bigint;
  position: string;
}

/** ?v=3&pos=1234 -> what to wait for; anything malformed means nothing to wait for. */
export function awaitedCommand(search: string): AwaitedCommand | undefined {
  const params = new URLSearchParams(search);
  const v = params.get("v");
  if (v === null || !/^[1-9]\d{0,18}$/.test(v)) return undefined;
  const pos = params.get("pos") ?? "";
  return { version: BigInt(v), position: /^\d{1,20}$/.test(pos) ? pos : "" };
}

export function newRequestId(): string {
  return `dash-${crypto.randomUUID()}`;
}
