// Many WatchSalesReport streams of one month's product report from one server, spread over a few
// channels, each update timed from when the change it reflects was announced. Query-svc and the
// bare grpc-js fan-out it is read against are watched by the very same clients.
import { setMaxListeners } from "node:events";
import {
  ReportQueryService,
  SalesGroupBy,
  type WatchSalesReportResponse,
} from "@orderlens/contracts";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";

const streamsPerChannel = 100;
const thisMonth = new Date().toISOString().slice(0, 7);

export interface WatchStreamsOptions {
  address: string;
  token: string;
  count: number;
  /**
   * When the change a stream's `n`-th update (1-based, after its first message) reflects was
   * announced, in this process's performance.now(); undefined leaves the update untimed.
   */
  announcedAt(update: WatchSalesReportResponse, n: number): number | undefined;
}

export interface WatchStreams {
  /** Messages received on all streams, after each one's first. */
  readonly updates: number;
  readonly latenciesMs: number[];
  /** The last update received: the size of message the reference fans out. */
  readonly last: WatchSalesReportResponse | undefined;
  readonly channels: number;
  /** Resolves once every stream has its first message. */
  readonly opened: Promise<void>;
  close(): void;
}

const request = {
  report: {
    range: { case: "months" as const, value: { from: thisMonth, to: thisMonth } },
    groupBy: SalesGroupBy.PRODUCT,
  },
};

export function openWatchStreams(options: WatchStreamsOptions): WatchStreams {
  const clients = Array.from({ length: Math.ceil(options.count / streamsPerChannel) }, () =>
    createGrpcJsClient(ReportQueryService, options.address, { token: options.token }),
  );
  const abort = new AbortController();
  // One signal cancels every stream; each listens to it.
  setMaxListeners(options.count + 10, abort.signal);
  let allOpen!: () => void;
  const state = {
    updates: 0,
    latenciesMs: [] as number[],
    last: undefined as WatchSalesReportResponse | undefined,
    channels: clients.length,
    opened: new Promise<void>((resolve) => {
      allOpen = resolve;
    }),
    close() {
      abort.abort();
      for (const c of clients) c.close();
    },
  };
  let firsts = 0;
  const onUpdate = (m: WatchSalesReportResponse, n: number) => {
    state.updates++;
    state.last = m;
    const announced = options.announcedAt(m, n);
    if (announced !== undefined) state.latenciesMs.push(performance.now() - announced);
  };
  const watch = async (client: GrpcJsClient<typeof ReportQueryService>) => {
    let n = 0;
    try {
      for await (const m of client.watchSalesReport(request, { signal: abort.signal })) {
        if (n++ === 0) {
          if (++firsts === options.count) allOpen();
        } else {
          onUpdate(m, n - 1);
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  };
  for (let i = 0; i < options.count; i++) {
    void watch(
      clients[Math.floor(i / streamsPerChannel)] as GrpcJsClient<typeof ReportQueryService>,
    );
  }
  return state;
}
