// Read-your-writes after a command: wait until the projection has the version the command
// produced. WatchOrder with until_version ends exactly then; while query-svc cannot stream, a
// GetOrder with min_version waits (bounded) on the server, and is repeated until it gets there.
import { create } from "@bufbuild/protobuf";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { type Client, createClient } from "@connectrpc/connect";
import { createQueryOptions } from "@connectrpc/connect-query";
import {
  type GetOrderResponse,
  GetOrderResponseSchema,
  ReportQueryService,
} from "@orderlens/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { describeError, type ErrorDescription } from "../errors/describe-error";
import { useServices } from "../services/services-context";

export interface AwaitState {
  reached: boolean;
  /** GetOrder rounds so far (each waits up to 2 s on the server). */
  rounds: number;
  /** The last failure; the wait goes on regardless. */
  lastError?: ErrorDescription;
}

type Reports = Client<typeof ReportQueryService>;

async function viaStream(client: Reports, orderId: string, version: bigint, signal: AbortSignal) {
  let last: GetOrderResponse | undefined;
  for await (const m of client.watchOrder({ orderId, untilVersion: version }, { signal })) {
    last = create(GetOrderResponseSchema, {
      order: m.order,
      projectedVersion: m.projectedVersion,
      minVersionReached: m.projectedVersion >= version,
    });
    if (last.minVersionReached) return last;
  }
  throw new Error("WatchOrder ended before the version was reached");
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  });

async function viaPolling(
  client: Reports,
  orderId: string,
  version: bigint,
  signal: AbortSignal,
  report: (update: Partial<AwaitState>) => void,
): Promise<GetOrderResponse> {
  for (let rounds = 1; !signal.aborted; rounds++) {
    try {
      const res = await client.getOrder(
        { orderId, minVersion: version, maxWait: durationFromMs(2_000) },
        { signal },
      );
      report({ rounds });
      if (res.minVersionReached) return res;
    } catch (error) {
      if (signal.aborted) break;
      report({ rounds, lastError: describeError(error) });
      await pause(1_000, signal);
    }
  }
  throw new Error("cancelled");
}

export function useAwaitVersion(orderId: string, version: bigint | undefined): AwaitState {
  const { query } = useServices();
  const queryClient = useQueryClient();
  // Tagged with what it is about, so a new version is never taken as reached by the old state.
  const [state, setState] = useState<AwaitState & { key: string }>({
    key: "",
    reached: true,
    rounds: 0,
  });
  const key = `${orderId}@${version ?? ""}`;
  useEffect(() => {
    if (version === undefined) return;
    const controller = new AbortController();
    const client = createClient(ReportQueryService, query);
    const report = (update: Partial<AwaitState>) =>
      setState((s) => ({ ...s, ...update, key, reached: false }));
    setState({ key, reached: false, rounds: 0 });
    (async () => {
      const response = await viaStream(client, orderId, version, controller.signal).catch(() =>
        viaPolling(client, orderId, version, controller.signal, report),
      );
      const { queryKey } = createQueryOptions(
        ReportQueryService.method.getOrder,
        { orderId },
        { transport: query },
      );
      queryClient.setQueryData(queryKey, response);
      setState((s) => ({ ...s, key, reached: true }));
    })().catch(() => undefined);
    return () => controller.abort();
  }, [key, orderId, version, query, queryClient]);
  if (version === undefined) return { reached: true, rounds: 0 };
  return state.key === key ? state : { reached: false, rounds: 0 };
}
