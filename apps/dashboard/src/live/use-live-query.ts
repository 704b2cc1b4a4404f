// One hook per live view builds on this: the view's data comes from a server stream (Watch*)
// when the service offers it, and from polling the matching unary RPC when it does not. Both
// write the same TanStack Query cache entry, so the view never knows which one ran.
import type {
  DescMessage,
  DescMethodUnary,
  MessageInitShape,
  MessageShape,
} from "@bufbuild/protobuf";
import type { Transport } from "@connectrpc/connect";
import { createQueryOptions, useQuery } from "@connectrpc/connect-query";
import { hashKey, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useRuntimeConfig } from "../config/runtime-config-context";
import { describeError, type ErrorDescription } from "../errors/describe-error";

export type LiveSource = "connecting" | "stream" | "poll";

export interface LiveStatus {
  source: LiveSource;
  /** Why the stream is not in use (while polling). */
  streamError?: ErrorDescription;
  /** The projection position of the last streamed update. */
  position?: bigint;
}

export interface StreamedUpdate<O extends DescMessage> {
  data: MessageShape<O>;
  position?: bigint;
}

export interface LiveQueryOptions<I extends DescMessage, O extends DescMessage> {
  method: DescMethodUnary<I, O>;
  input: MessageInitShape<I>;
  transport: Transport;
  /** The watch stream, each message turned into what `method` answers. */
  stream: (signal: AbortSignal) => AsyncIterable<StreamedUpdate<O>>;
}

/** A stream that has said nothing for this long is not relied on: polling covers meanwhile. */
const firstMessageTimeoutMs = 5_000;

export async function* mapStream<T, U>(source: AsyncIterable<T>, map: (value: T) => U) {
  for await (const value of source) yield map(value);
}

export function useLiveQuery<I extends DescMessage, O extends DescMessage>(
  options: LiveQueryOptions<I, O>,
) {
  const { pollIntervalMs, streamRetryMs } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const { queryKey } = createQueryOptions(options.method, options.input, {
    transport: options.transport,
  });
  const keyHash = hashKey(queryKey);
  // Tagged with the request it is about: another request starts again from "connecting".
  const [tagged, setTagged] = useState<{ key: string; status: LiveStatus }>({
    key: keyHash,
    status: { source: "connecting" },
  });
  const status: LiveStatus = tagged.key === keyHash ? tagged.status : { source: "connecting" };
  const latest = useRef({ options, queryKey });
  latest.current = { options, queryKey };

  // The first figures come from the unary call, at once; the stream is tried once it has
  // answered, so a page's first requests never queue behind stream negotiation (browsers allow
  // six connections per service over HTTP/1.1). A stream that answers takes over from polling.
  const polling = status.source === "poll";
  const query = useQuery(options.method, options.input, {
    transport: options.transport,
    enabled: status.source !== "stream",
    refetchInterval: polling ? pollIntervalMs : false,
  });
  const settled = query.isFetched;

  useEffect(() => {
    if (!settled) return;
    const setStatus = (next: LiveStatus) => setTagged({ key: keyHash, status: next });
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const fallBack = (error: unknown) => {
      if (controller.signal.aborted) return;
      setStatus({ source: "poll", streamError: describeError(error) });
    };
    const attempt = async () => {
      const { options: current, queryKey: key } = latest.current;
      const silence = setTimeout(
        () => fallBack(new Error(`no update within ${firstMessageTimeoutMs / 1000} s`)),
        firstMessageTimeoutMs,
      );
      try {
        for await (const update of current.stream(controller.signal)) {
          clearTimeout(silence);
          queryClient.setQueryData(key, update.data);
          setStatus({ source: "stream", position: update.position });
        }
        throw new Error("the stream ended");
      } catch (error) {
        clearTimeout(silence);
        if (controller.signal.aborted) return;
        fallBack(error);
        retry = setTimeout(attempt, streamRetryMs);
      }
    };
    void attempt();
    return () => {
      controller.abort();
      clearTimeout(retry);
    };
  }, [keyHash, settled, streamRetryMs, queryClient]);

  return { ...query, live: status };
}
