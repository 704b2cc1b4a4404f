import { badRequest } from "./errors.js";
import type { Route } from "./router.js";
import { queryInt } from "./validate.js";

export const keyRoutes: Route[] = [
  {
    method: "GET",
    path: "/keys",
    action: "keys.get",
    handler: ({ engine, url }) => {
      for (const k of url.searchParams.keys()) {
        if (k !== "offset" && k !== "limit") {
          throw badRequest(
            "bad_request",
            `Unknown parameter \`${k}\`: expected one of \`offset\`, \`limit\``,
          );
        }
      }
      const o = url.searchParams.get("offset");
      const l = url.searchParams.get("limit");
      const offset = o === null ? 0 : queryInt("invalid_api_key_offset", "offset", o);
      const limit = l === null ? 20 : queryInt("invalid_api_key_limit", "limit", l);
      const all = engine.keys.list();
      return {
        status: 200,
        body: { results: all.slice(offset, offset + limit), offset, limit, total: all.length },
      };
    },
  },
  {
    method: "POST",
    path: "/keys",
    action: "keys.create",
    handler: async ({ engine, body }) => ({ status: 201, body: engine.keys.create(await body()) }),
  },
  {
    method: "GET",
    path: "/keys/:key",
    action: "keys.get",
    handler: ({ engine, params }) => ({
      status: 200,
      body: engine.keys.require(params.key as string),
    }),
  },
  {
    method: "PATCH",
    path: "/keys/:key",
    action: "keys.update",
    handler: async ({ engine, params, body }) => ({
      status: 200,
      body: engine.keys.update(params.key as string, await body()),
    }),
  },
  {
    method: "DELETE",
    path: "/keys/:key",
    action: "keys.delete",
    handler: ({ engine, params }) => {
      engine.keys.delete(params.key as string);
      return { status: 204 };
    },
  },
];
