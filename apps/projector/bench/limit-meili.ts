// Meilisearch's limit: the documents the seeded events end in (Verify's replay computes them),
// added to indexes of their own with the live indexes' settings, through the projector's
// keep-alive client, in its push size, one push per index in flight together as a sync pass
// sends them, each waited for. The projector can only be slower: it pushes an order again each
// time it changes between passes.
import type { Db } from "@orderlens/event-store";
import {
  allIndexes,
  createIndexNames,
  createMeiliClient,
  ensureIndexes,
} from "@orderlens/meili-indexes";
import type { Meilisearch } from "meilisearch";
import { expectedDocuments } from "../src/verify/expected-documents.js";

const SCRATCH_PREFIX = "limit_";

export interface MeiliLimitOptions {
  eventStore: Db;
  meiliUrl: string;
  meiliKey: string;
  /** Documents per push (SYNC_BATCH_SIZE). */
  batchSize: number;
  timeZone: string;
}

export interface MeiliLimit {
  seconds: number;
  documents: number;
}

async function push(meili: Meilisearch, index: string, documents: object[]): Promise<void> {
  const task = await meili
    .index(index)
    .addDocuments(documents, { primaryKey: "id" })
    .waitTask({ timeout: 600_000, interval: 10 });
  if (task.status !== "succeeded") {
    throw new Error(`limit push to ${index} ${task.status}: ${task.error?.message ?? "no error"}`);
  }
}

/** Pushes round after round, each round one batch per index still holding documents. */
async function pushInRounds(meili: Meilisearch, byIndex: [string, object[]][], size: number) {
  for (let from = 0; byIndex.some(([, docs]) => from < docs.length); from += size) {
    await Promise.all(
      byIndex
        .filter(([, docs]) => from < docs.length)
        .map(([index, docs]) => push(meili, index, docs.slice(from, from + size))),
    );
  }
}

/** Adds the final documents once; returns the seconds the pushes took. */
export async function measureMeiliLimit(o: MeiliLimitOptions): Promise<MeiliLimit> {
  const live = createIndexNames("");
  const { documents } = await expectedDocuments(o.eventStore, live, o.timeZone);
  // Index names are the prefix then the live name, so each scratch index is the live one's twin.
  const scratch = createIndexNames(SCRATCH_PREFIX);
  const byIndex = [...documents].map(([uid, docs]): [string, object[]] => [
    `${SCRATCH_PREFIX}${uid}`,
    [...docs.values()],
  ]);
  const { meili, close } = createMeiliClient({ host: o.meiliUrl, apiKey: o.meiliKey });
  try {
    await ensureIndexes(meili, scratch);
    const started = performance.now();
    await pushInRounds(meili, byIndex, o.batchSize);
    const seconds = (performance.now() - started) / 1000;
    for (const uid of allIndexes(scratch)) await meili.deleteIndex(uid).waitTask();
    return { seconds, documents: byIndex.reduce((n, [, docs]) => n + docs.length, 0) };
  } finally {
    close();
  }
}
