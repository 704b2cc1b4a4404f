import { headers, type Topology } from "@orderlens/bus";
import type { ConsumeMessage, Options } from "amqplib";

export type RetryDecision =
  | {
      readonly action: "retry";
      readonly exchange: string;
      readonly routingKey: string;
      readonly options: Options.Publish;
    }
  | { readonly action: "park"; readonly options: Options.Publish };

function attemptsOf(msg: ConsumeMessage): number {
  const n = Number(msg.properties.headers?.[headers.attempts] ?? 0);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/** The message's properties, carried over so a retried or parked message is the same message. */
function carried(msg: ConsumeMessage, extra: Record<string, unknown>): Options.Publish {
  const p = msg.properties;
  return {
    persistent: true,
    ...(p.messageId ? { messageId: p.messageId as string } : {}),
    ...(p.type ? { type: p.type as string } : {}),
    ...(p.contentType ? { contentType: p.contentType as string } : {}),
    ...(p.timestamp ? { timestamp: p.timestamp as number } : {}),
    ...(p.appId ? { appId: p.appId as string } : {}),
    headers: { ...(p.headers ?? {}), ...extra },
  };
}

/**
 * Where a message that could not be applied goes: the next delay tier (which dead-letters it back
 * to its partition queue), or the parking lot once the tiers are used up or when retrying cannot
 * help (undecodable, impossible in the order's history).
 */
export function decideRetry(
  msg: ConsumeMessage,
  originQueue: string,
  topology: Topology,
  error: string,
  retryable: boolean,
): RetryDecision {
  const attempts = attemptsOf(msg) + 1;
  const tier = topology.retryTiers[attempts - 1];
  const common = {
    [headers.attempts]: attempts,
    [headers.lastError]: error.slice(0, 1_000),
    [headers.originQueue]: originQueue,
  };
  if (retryable && tier) {
    return {
      action: "retry",
      exchange: tier.exchange,
      routingKey: originQueue,
      options: carried(msg, common),
    };
  }
  const reason = retryable ? `gave up after ${attempts} attempts: ${error}` : error;
  return {
    action: "park",
    options: carried(msg, {
      ...common,
      [headers.parkedReason]: reason.slice(0, 1_000),
      [headers.parkedAt]: new Date().toISOString(),
    }),
  };
}
