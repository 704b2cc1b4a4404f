/** Malformed requests get Meilisearch-shaped errors from the stand-in, never a crash. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MeiliStandIn, silentLogger, startMeiliStandIn } from "./index.js";

let standIn: MeiliStandIn;
let open: MeiliStandIn;

beforeAll(async () => {
  standIn = await startMeiliStandIn({
    port: 0,
    masterKey: "bad-input-key",
    maxPayloadBytes: 1024,
    logger: silentLogger,
  });
  open = await startMeiliStandIn({ port: 0, logger: silentLogger });
  await call(open, "POST", "/indexes/orders/documents", [{ id: 1, total: 3 }]);
  await call(open, "PUT", "/indexes/orders/settings/filterable-attributes", ["total"]);
  for (let i = 0; i < 50; i++) {
    const r = await call(open, "GET", "/tasks?statuses=enqueued,processing");
    if ((r.body as { total: number }).total === 0) break;
    await new Promise((res) => setTimeout(res, 10));
  }
});

afterAll(async () => {
  await standIn.close();
  await open.close();
});

async function call(
  target: MeiliStandIn,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const init: RequestInit = { method, headers: { "content-type": "application/json", ...headers } };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(`${target.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

function expectError(
  r: { status: number; body: unknown },
  status: number,
  code: string,
  type = "invalid_request",
) {
  expect(r.status).toBe(status);
  expect(r.body).toMatchObject({ code, type, link: `https://docs.meilisearch.com/errors#${code}` });
  expect(typeof (r.body as { message: unknown }).message).toBe("string");
}

const auth = { authorization: "Bearer bad-input-key" };

describe("bad input: bodies, routes and types", () => {
  it("rejects malformed JSON", async () => {
    expectError(await call(open, "POST", "/indexes/orders/search", "{nope"), 400, "bad_request");
    expectError(
      await call(open, "POST", "/indexes/orders/documents", "[{"),
      400,
      "malformed_payload",
    );
    expectError(await call(open, "POST", "/indexes/orders/documents", ""), 400, "missing_payload");
    expectError(
      await call(open, "POST", "/indexes/orders/documents", [1, 2]),
      400,
      "malformed_payload",
    );
  });

  it("rejects bad content types", async () => {
    expectError(
      await call(open, "POST", "/indexes/orders/search", "{}", { "content-type": "text/plain" }),
      415,
      "invalid_content_type",
    );
    expectError(
      await call(open, "POST", "/indexes/orders/documents", "id\n1", {
        "content-type": "text/csv",
      }),
      501,
      "stand_in_unsupported",
    );
  });

  it("answers unknown routes with a 404 error body", async () => {
    expectError(await call(open, "GET", "/nothing/here"), 404, "not_found");
    expectError(await call(open, "PUT", "/indexes"), 405, "method_not_allowed");
  });

  it("rejects wrong types with the parameter's own code", async () => {
    expectError(
      await call(open, "POST", "/indexes/orders/search", { q: 1 }),
      400,
      "invalid_search_q",
    );
    expectError(
      await call(open, "POST", "/indexes/orders/search", { limit: "a" }),
      400,
      "invalid_search_limit",
    );
    expectError(
      await call(open, "POST", "/indexes/orders/search", { offset: -1 }),
      400,
      "invalid_search_offset",
    );
    expectError(
      await call(open, "POST", "/indexes/orders/search", { filter: 3 }),
      400,
      "invalid_search_filter",
    );
    expectError(
      await call(open, "POST", "/indexes/orders/search", { sort: "total:asc" }),
      400,
      "invalid_search_sort",
    );
    expectError(
      await call(open, "GET", "/indexes/orders/search?limit=abc"),
      400,
      "invalid_search_limit",
    );
    expectError(
      await call(open, "POST", "/indexes/orders/search", { bogus: true }),
      400,
      "bad_request",
    );
    expectError(await call(open, "POST", "/indexes", { uid: 5 }), 400, "invalid_index_uid");
    expectError(await call(open, "POST", "/indexes", {}), 400, "missing_index_uid");
    expectError(await call(open, "GET", "/tasks?statuses=bogus"), 400, "invalid_task_statuses");
    expectError(await call(open, "GET", "/tasks/abc"), 400, "invalid_task_uids");
    expectError(
      await call(open, "POST", "/indexes/orders/documents/delete", {}),
      400,
      "missing_document_filter",
    );
    expectError(
      await call(open, "POST", "/indexes/orders/documents/delete", { filter: "total >" }),
      400,
      "invalid_document_filter",
    );
  });
});

describe("bad input: unsupported features, limits and keys", () => {
  it("names unsupported features instead of ignoring them", async () => {
    for (const body of [
      { attributesToHighlight: ["*"] },
      { vector: [1] },
      { hybrid: {} },
      { distinct: "a" },
    ]) {
      const r = await call(open, "POST", "/indexes/orders/search", body);
      expectError(r, 501, "stand_in_unsupported");
      expect((r.body as { message: string }).message).toContain(Object.keys(body)[0]);
    }
    expectError(
      await call(open, "POST", "/indexes/orders/search", { filter: "_geoRadius(1, 2, 3)" }),
      501,
      "stand_in_unsupported",
    );
    expectError(
      await call(open, "PATCH", "/indexes/orders/settings", { typoTolerance: { enabled: false } }),
      501,
      "stand_in_unsupported",
    );
    expectError(
      await call(open, "PUT", "/indexes/orders/settings/synonyms", { a: ["b"] }),
      501,
      "stand_in_unsupported",
    );
    expectError(
      await call(open, "POST", "/indexes/orders/facet-search", { facetName: "x" }),
      501,
      "stand_in_unsupported",
    );
    expectError(
      await call(open, "POST", "/multi-search", { federation: {}, queries: [] }),
      501,
      "stand_in_unsupported",
    );
  });

  it("rejects oversized payloads with payload_too_large", async () => {
    const big = [{ id: 1, blob: "x".repeat(4096) }];
    expectError(
      await call(standIn, "POST", "/indexes/orders/documents", big, auth),
      413,
      "payload_too_large",
    );
    // The server keeps serving afterwards.
    expect((await call(standIn, "GET", "/health")).status).toBe(200);
  });

  it("enforces the master key", async () => {
    expectError(
      await call(standIn, "GET", "/indexes"),
      401,
      "missing_authorization_header",
      "auth",
    );
    expectError(
      await call(standIn, "GET", "/indexes", undefined, { authorization: "Bearer nope" }),
      403,
      "invalid_api_key",
      "auth",
    );
    expect((await call(standIn, "GET", "/indexes", undefined, auth)).status).toBe(200);
    const keys = await call(standIn, "GET", "/keys", undefined, auth);
    expect(
      (keys.body as { results: { name: string }[] }).results.map((k) => k.name).sort(),
    ).toEqual(["Default Admin API Key", "Default Search API Key"]);
  });

  it("is fully open without a master key, except for /keys", async () => {
    expect((await call(open, "GET", "/indexes")).status).toBe(200);
    expectError(await call(open, "GET", "/keys"), 401, "missing_master_key", "auth");
  });
});
