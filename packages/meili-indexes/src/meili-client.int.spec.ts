import { getEventListeners } from "node:events";
import { connect, createServer, type Socket } from "node:net";
import { silentLogger, startMeiliStandIn } from "@orderlens/meili-stand-in";
import { startTestMeili, type TestMeili } from "@orderlens/testing";
import { MeilisearchRequestError } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeiliClient, type MeiliClient, meiliApiError } from "./meili-client.js";

let standIn: TestMeili;
let client: MeiliClient;

beforeAll(async () => {
  standIn = await startTestMeili({
    masterKey: "meili-client-master-key",
    standIn: (o) => startMeiliStandIn({ ...o, logger: silentLogger }),
  });
  client = createMeiliClient({ host: standIn.url, apiKey: standIn.masterKey });
});

afterAll(async () => {
  client.close();
  await standIn.close();
});

describe("createMeiliClient (keep-alive node:http under the official client)", () => {
  it("writes, waits for tasks, reads and searches like the default client", async () => {
    const index = client.meili.index("things");
    await index
      .addDocuments(
        [
          { id: "a", name: "Ünïcode ✓", n: 1 },
          { id: "b", name: "plain", n: 2 },
        ],
        { primaryKey: "id" },
      )
      .waitTask();
    await index.updateFilterableAttributes(["n"]).waitTask();
    expect(await index.getDocument("a")).toEqual({ id: "a", name: "Ünïcode ✓", n: 1 });
    const found = await index.search("", { filter: "n = 2" });
    expect(found.hits).toEqual([{ id: "b", name: "plain", n: 2 }]);
    const fetched = await index.getDocuments({ filter: "n >= 1", limit: 10 });
    expect(fetched.results.map((d) => d.id).sort()).toEqual(["a", "b"]);
  });

  it("leaves no abort listener behind on a signal many calls share (waitTask's polls do)", async () => {
    const task = await client.meili.index("things").addDocuments([{ id: "c" }]);
    const shared = new AbortController();
    for (let i = 0; i < 15; i++) {
      await client.meili.tasks.getTask(task.taskUid, { signal: shared.signal });
    }
    expect(getEventListeners(shared.signal, "abort")).toHaveLength(0);
  });

  it("reuses connections instead of opening one per call", async () => {
    // Count TCP connections through a proxy in front of the stand-in.
    const sockets = new Set<Socket>();
    const target = new URL(standIn.url);
    const proxy = createServer((inbound) => {
      sockets.add(inbound);
      const upstream = connect(Number(target.port), target.hostname, () => {
        inbound.pipe(upstream).pipe(inbound);
      });
      upstream.on("error", () => inbound.destroy());
      inbound.on("error", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const address = proxy.address();
    if (address === null || typeof address === "string") throw new Error("no proxy port");
    const proxied = createMeiliClient({
      host: `http://127.0.0.1:${address.port}`,
      apiKey: standIn.masterKey,
    });
    try {
      for (let i = 0; i < 20; i++) await proxied.meili.health();
      expect(sockets.size).toBe(1);
    } finally {
      proxied.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("surfaces Meilisearch refusals with their code, through the client's wrapper", async () => {
    const error = await client.meili
      .index("missing")
      .getDocument("x")
      .catch((e: unknown) => e);
    expect(meiliApiError(error)?.cause?.code).toBe("index_not_found");
    expect(meiliApiError(error)?.response.status).toBe(404);

    const stranger = createMeiliClient({ host: standIn.url, apiKey: "wrong" });
    try {
      const refused = await stranger.meili.getIndexes().catch((e: unknown) => e);
      expect(meiliApiError(refused)?.cause?.code).toBe("invalid_api_key");
    } finally {
      stranger.close();
    }
  });

  it("reports an unreachable server as a request error, not an API refusal", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const nowhere = createMeiliClient({ host: `http://127.0.0.1:${port}` });
    try {
      const error = await nowhere.meili.health().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MeilisearchRequestError);
      expect(meiliApiError(error)).toBeUndefined();
    } finally {
      nowhere.close();
    }
  });

  it("gives up on a server that accepts but never answers, after the timeout", async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    const stuck = createMeiliClient({ host: `http://127.0.0.1:${address.port}`, timeoutMs: 300 });
    try {
      const started = performance.now();
      const error = await stuck.meili.health().catch((e: unknown) => e);
      const waited = performance.now() - started;
      expect(error).toBeInstanceOf(MeilisearchRequestError);
      expect(String((error as Error).cause)).toContain("no answer from Meilisearch within 300 ms");
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(5_000);
    } finally {
      stuck.close();
      for (const s of held) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
