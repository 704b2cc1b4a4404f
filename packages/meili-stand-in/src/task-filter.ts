import { badRequest, unsupported } from "./errors.js";
import { indexMatches } from "./keys.js";
import type { Task } from "./tasks.js";
import { TASK_STATUSES, TASK_TYPES } from "./tasks.js";
import { csv, queryInt } from "./validate.js";

/**
 * The filters GET /tasks and DELETE /tasks share, in the order Meilisearch lists them; both ignore
 * the tasks the key cannot see.
 */
export const TASK_FILTERS = [
  "uids",
  "batchUids",
  "canceledBy",
  "types",
  "statuses",
  "indexUids",
  "afterEnqueuedAt",
  "beforeEnqueuedAt",
  "afterStartedAt",
  "beforeStartedAt",
  "afterFinishedAt",
  "beforeFinishedAt",
] as const;

const UNSUPPORTED = ["batchUids", "canceledBy"];

type DateField = "enqueuedAt" | "startedAt" | "finishedAt";
const DATE_FILTERS: { name: string; field: DateField; side: "before" | "after"; code: string }[] = (
  ["enqueuedAt", "startedAt", "finishedAt"] as const
).flatMap((field) =>
  (["before", "after"] as const).map((side) => {
    const name = `${side}${field[0]?.toUpperCase()}${field.slice(1)}`;
    const code = `invalid_task_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
    return { name, field, side, code };
  }),
);

export interface TaskFilter {
  /** Whether the request named any filter (DELETE /tasks refuses none). */
  readonly given: boolean;
  matches(task: Task): boolean;
}

function listFilter(
  raw: string | null,
  name: string,
  code: string,
  valid?: readonly string[],
  label?: string,
): string[] | null {
  if (raw === null) return null;
  const values = csv(raw);
  if (values.includes("*")) return null;
  for (const v of values) {
    if (valid && !valid.includes(v)) {
      throw badRequest(
        code,
        `Invalid value in parameter \`${name}\`: \`${v}\` is not a valid ${label}. Available ${label}s are ${valid.map((s) => `\`${s}\``).join(", ")}.`,
      );
    }
  }
  return values;
}

/**
 * `YYYY-MM-DD` or RFC 3339. Both bounds are exclusive, and a bare date after means after that
 * whole day, as in Meilisearch.
 */
function dateBound(raw: string, name: string, code: string, side: "before" | "after"): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(raw);
  const ms = dateOnly ? Date.parse(`${raw}T00:00:00Z`) : rfc3339 ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw badRequest(
      code,
      `Invalid value in parameter \`${name}\`: \`${raw}\` is an invalid date-time. It should follow the YYYY-MM-DD or RFC 3339 date-time format.`,
    );
  }
  return dateOnly && side === "after" ? ms + 86_400_000 : ms;
}

function dateFilters(p: URLSearchParams): ((t: Task) => boolean)[] {
  return DATE_FILTERS.flatMap(({ name, field, side, code }) => {
    const raw = p.get(name);
    if (raw === null) return [];
    const bound = dateBound(raw, name, code, side);
    return [
      (t: Task) => {
        const at = t[field];
        if (at === null) return false;
        const ms = Date.parse(at);
        return side === "before" ? ms < bound : ms > bound;
      },
    ];
  });
}

/** Rejects parameters outside `known` and filters the stand-in does not implement. */
export function checkTaskParams(p: URLSearchParams, known: readonly string[]): void {
  for (const k of p.keys()) {
    if (UNSUPPORTED.includes(k)) throw unsupported(`the \`${k}\` task filter`);
    if (!known.includes(k)) {
      throw badRequest(
        "bad_request",
        `Unknown parameter \`${k}\`: expected one of ${known.map((x) => `\`${x}\``).join(", ")}`,
      );
    }
  }
}

export function parseTaskFilter(p: URLSearchParams, allowed: string[]): TaskFilter {
  const uids = listFilter(p.get("uids"), "uids", "invalid_task_uids")?.map((u, i) =>
    queryInt("invalid_task_uids", `uids[${i}]`, u),
  );
  const statuses = listFilter(
    p.get("statuses"),
    "statuses",
    "invalid_task_statuses",
    TASK_STATUSES,
    "task status",
  );
  const types = listFilter(p.get("types"), "types", "invalid_task_types", TASK_TYPES, "task type");
  const indexUids = listFilter(p.get("indexUids"), "indexUids", "invalid_task_index_uids");
  const dates = dateFilters(p);
  const visible = (t: Task) =>
    allowed.includes("*") || (t.indexUid !== null && indexMatches(allowed, t.indexUid));
  return {
    given: TASK_FILTERS.some((name) => p.has(name)),
    matches: (t) =>
      (uids === undefined || uids.includes(t.uid)) &&
      (statuses === null || statuses.includes(t.status)) &&
      (types === null || types.includes(t.type)) &&
      (indexUids === null || (t.indexUid !== null && indexUids.includes(t.indexUid))) &&
      dates.every((d) => d(t)) &&
      visible(t),
  };
}
