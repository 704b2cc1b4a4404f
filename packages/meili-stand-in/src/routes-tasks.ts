import { badRequest, MeiliError, unsupported } from "./errors.js";
import { indexMatches } from "./keys.js";
import type { Route } from "./router.js";
import type { Task } from "./tasks.js";
import { TASK_STATUSES, TASK_TYPES } from "./tasks.js";
import { csv, queryInt } from "./validate.js";

const UNSUPPORTED_FILTERS = [
  "batchUids",
  "canceledBy",
  "afterEnqueuedAt",
  "beforeEnqueuedAt",
  "afterStartedAt",
  "beforeStartedAt",
  "afterFinishedAt",
  "beforeFinishedAt",
];

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

export const taskRoutes: Route[] = [
  {
    method: "GET",
    path: "/tasks",
    action: "tasks.get",
    handler: ({ engine, url, allowed }) => {
      const p = url.searchParams;
      const known = [
        "uids",
        "statuses",
        "types",
        "indexUids",
        "limit",
        "from",
        "reverse",
        ...UNSUPPORTED_FILTERS,
      ];
      for (const k of p.keys()) {
        if (UNSUPPORTED_FILTERS.includes(k)) throw unsupported(`the \`${k}\` task filter`);
        if (!known.includes(k)) {
          throw badRequest(
            "bad_request",
            `Unknown parameter \`${k}\`: expected one of ${known.map((x) => `\`${x}\``).join(", ")}`,
          );
        }
      }
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
      const types = listFilter(
        p.get("types"),
        "types",
        "invalid_task_types",
        TASK_TYPES,
        "task type",
      );
      const indexUids = listFilter(p.get("indexUids"), "indexUids", "invalid_task_index_uids");
      const limitRaw = p.get("limit");
      const fromRaw = p.get("from");
      const limit = limitRaw === null ? 20 : queryInt("invalid_task_limit", "limit", limitRaw);
      const from = fromRaw === null ? null : queryInt("invalid_task_from", "from", fromRaw);
      const reverse = p.get("reverse") === "true";
      const matching = engine.tasks.tasks.filter(
        (t: Task) =>
          (uids === undefined || uids.includes(t.uid)) &&
          (statuses === null || statuses.includes(t.status)) &&
          (types === null || types.includes(t.type)) &&
          (indexUids === null || (t.indexUid !== null && indexUids.includes(t.indexUid))) &&
          (allowed.includes("*") || (t.indexUid !== null && indexMatches(allowed, t.indexUid))),
      );
      const ordered = reverse ? matching : [...matching].reverse();
      const start =
        from === null ? ordered : ordered.filter((t) => (reverse ? t.uid >= from : t.uid <= from));
      const results = start.slice(0, limit);
      const next = start[limit];
      return {
        status: 200,
        body: {
          results,
          total: matching.length,
          limit,
          from: results[0]?.uid ?? null,
          next: next?.uid ?? null,
        },
      };
    },
  },
  {
    method: "GET",
    path: "/tasks/:taskUid",
    action: "tasks.get",
    handler: ({ engine, params, allowed }) => {
      const raw = params.taskUid as string;
      const uid = queryInt("invalid_task_uids", "taskUid", raw);
      const task = engine.tasks.get(uid);
      const visible =
        task &&
        (allowed.includes("*") || (task.indexUid !== null && indexMatches(allowed, task.indexUid)));
      if (!task || !visible)
        throw new MeiliError(404, "task_not_found", `Task \`${uid}\` not found.`);
      return { status: 200, body: task };
    },
  },
];
