import { badRequest, MeiliError } from "./errors.js";
import { indexMatches } from "./keys.js";
import type { Route } from "./router.js";
import { checkTaskParams, parseTaskFilter, TASK_FILTERS } from "./task-filter.js";
import { queryInt } from "./validate.js";

const missingFilters = () =>
  badRequest(
    "missing_task_filters",
    `Query parameters to filter the tasks to delete are missing. Available query parameters are: ${TASK_FILTERS.map((f) => `\`${f}\``).join(", ")}.`,
  );

export const taskRoutes: Route[] = [
  {
    method: "GET",
    path: "/tasks",
    action: "tasks.get",
    handler: ({ engine, url, allowed }) => {
      const p = url.searchParams;
      checkTaskParams(p, [...TASK_FILTERS, "limit", "from", "reverse"]);
      const filter = parseTaskFilter(p, allowed);
      const limitRaw = p.get("limit");
      const fromRaw = p.get("from");
      const limit = limitRaw === null ? 20 : queryInt("invalid_task_limit", "limit", limitRaw);
      const from = fromRaw === null ? null : queryInt("invalid_task_from", "from", fromRaw);
      const reverse = p.get("reverse") === "true";
      const matching = engine.tasks.tasks.filter(filter.matches);
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
    // The match is taken now; the deletion, when the task runs, spares tasks still unfinished.
    method: "DELETE",
    path: "/tasks",
    action: "tasks.delete",
    handler: ({ engine, url, allowed }) => {
      const p = url.searchParams;
      checkTaskParams(p, TASK_FILTERS);
      const filter = parseTaskFilter(p, allowed);
      if (!filter.given) throw missingFilters();
      const matched = new Set(engine.tasks.tasks.filter(filter.matches).map((t) => t.uid));
      const details = {
        matchedTasks: matched.size,
        deletedTasks: null,
        originalFilter: url.search,
      };
      const summary = engine.tasks.enqueue(null, "taskDeletion", details, () => ({
        ...details,
        deletedTasks: engine.tasks.deleteFinished(matched),
      }));
      return { status: 200, body: summary };
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
