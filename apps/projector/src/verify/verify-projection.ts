import type { Db } from "@orderlens/event-store";
import { allIndexes, type IndexNames } from "@orderlens/meili-indexes";
import type { Meilisearch } from "meilisearch";
import { keptDocument } from "../retention/kept-documents.js";
import type { RetentionWindows } from "../retention/retention-job.js";
import { expectedDocuments } from "./expected-documents.js";

export interface Difference {
  index: string;
  documentId: string;
  /** "missing", "unexpected" or the differing field. */
  field: string;
  expected: string;
  actual: string;
}

export interface VerifyReport {
  clean: boolean;
  eventsReplayed: number;
  documentsChecked: number;
  differenceCount: number;
  differences: Difference[];
}

async function actualDocuments(
  meili: Meilisearch,
  index: string,
): Promise<Map<string, Record<string, unknown>>> {
  const docs = new Map<string, Record<string, unknown>>();
  for (let offset = 0; ; offset += 1_000) {
    const page = await meili
      .index(index)
      .getDocuments<Record<string, unknown>>({ offset, limit: 1_000 });
    for (const d of page.results) docs.set(String(d.id), d);
    if (page.results.length < 1_000) break;
  }
  return docs;
}

/** JSON with object keys sorted, so field order (which Meilisearch may change) never differs. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
}

const show = (v: unknown) => (v === undefined ? "(absent)" : canonical(v));

/** Recomputes every document from the event store and lists each difference from the indexes. */
export async function verifyProjection(options: {
  eventStore: Db;
  meili: Meilisearch;
  indexes: IndexNames;
  timeZone: string;
  maxDifferences?: number;
  /** Retention's windows: documents outside them are neither expected nor reported. */
  windows?: RetentionWindows;
}): Promise<VerifyReport> {
  const max = options.maxDifferences ?? 100;
  // Outside the windows a document may still wait for retention's next run: not a difference.
  const kept = keptDocument(options.indexes, options.windows ?? {});
  const { documents, events } = await expectedDocuments(
    options.eventStore,
    options.indexes,
    options.timeZone,
    undefined,
    kept,
  );
  const differences: Difference[] = [];
  let count = 0;
  let checked = 0;
  const note = (d: Difference) => {
    count++;
    if (differences.length < max) differences.push(d);
  };
  for (const index of allIndexes(options.indexes)) {
    const expected = documents.get(index) ?? new Map();
    const actual = await actualDocuments(options.meili, index);
    for (const [id, want] of expected) {
      checked++;
      const got = actual.get(id);
      if (!got) {
        note({ index, documentId: id, field: "missing", expected: show(want), actual: "(absent)" });
        continue;
      }
      for (const field of new Set([...Object.keys(want), ...Object.keys(got)])) {
        if (canonical(want[field]) !== canonical(got[field])) {
          note({
            index,
            documentId: id,
            field,
            expected: show(want[field]),
            actual: show(got[field]),
          });
        }
      }
    }
    for (const [id, got] of actual) {
      if (!expected.has(id) && kept(index, got))
        note({
          index,
          documentId: id,
          field: "unexpected",
          expected: "(absent)",
          actual: show(got),
        });
    }
  }
  return {
    clean: count === 0,
    eventsReplayed: events,
    documentsChecked: checked,
    differenceCount: count,
    differences,
  };
}
