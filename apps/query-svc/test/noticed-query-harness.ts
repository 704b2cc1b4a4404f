// query-svc with change notices on, in a RabbitMQ scope of its own, and the projector's side that
// publishes them: what the notice specs start from.
import { type AmqpScope, createAmqpScope } from "@orderlens/testing";
import { type NoticePublisher, startNoticePublisher } from "./notice-publisher.js";
import { type QueryHarness, startQueryHarness, statusDoc } from "./query-svc-harness.js";

export interface NoticedQueryHarness {
  readonly h: QueryHarness;
  readonly notices: NoticePublisher;
  stop(): Promise<void>;
}

/** Resolves once query-svc's notice queue is bound. */
export async function startNoticedQueryHarness(label: string): Promise<NoticedQueryHarness> {
  const scope: AmqpScope = createAmqpScope(label);
  const h = await startQueryHarness({
    WATCH_CHANGE_NOTICES: "true",
    AMQP_URL: scope.url,
    AMQP_PREFIX: scope.prefix,
    // Long enough that a wake within the tests' windows can only come from a notice or a resync.
    WATCH_POLL_MS: "10000",
    WATCH_MAX_UPDATES_PER_SECOND: "50",
  });
  await h.put(h.indexes.projectionStatus, [
    statusDoc({ lastAppliedPosition: 1, pendingDocuments: 0 }),
  ]);
  const notices = await startNoticePublisher(scope);
  await notices.waitForNoticeQueue();
  return {
    h,
    notices,
    async stop() {
      await h.stop();
      await notices.close();
      await scope.cleanup();
    },
  };
}
