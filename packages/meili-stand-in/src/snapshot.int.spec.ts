import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Meilisearch } from "meilisearch";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger, startMeiliStandIn } from "./index.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("snapshot", () => {
  it("survives a restart: documents, settings, tasks and keys", async () => {
    const dir = await mkdtemp(join(tmpdir(), "meili-snap-"));
    dirs.push(dir);
    const snapshotPath = join(dir, "state.json");
    const masterKey = "snap-master";
    const first = await startMeiliStandIn({
      port: 0,
      masterKey,
      snapshotPath,
      logger: silentLogger,
    });
    const c1 = new Meilisearch({ host: first.url, apiKey: masterKey });
    await c1.index("orders").updateFilterableAttributes(["status"]).waitTask();
    const added = await c1
      .index("orders")
      .addDocuments([
        { id: 1, status: "shipped" },
        { id: 2, status: "pending" },
      ])
      .waitTask();
    const key = await c1.createKey({ actions: ["search"], indexes: ["orders"], expiresAt: null });
    await first.close();
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(await readFile(snapshotPath, "utf8")).format).toBe(
      "orderlens-meili-stand-in/1",
    );

    const second = await startMeiliStandIn({
      port: 0,
      masterKey,
      snapshotPath,
      logger: silentLogger,
    });
    try {
      const c2 = new Meilisearch({ host: second.url, apiKey: key.key });
      const r = await c2.index("orders").search("", { filter: "status = shipped" });
      expect(r.hits).toEqual([{ id: 1, status: "shipped" }]);
      const admin = new Meilisearch({ host: second.url, apiKey: masterKey });
      expect((await admin.tasks.getTask(added.uid)).status).toBe("succeeded");
      const next = await admin
        .index("orders")
        .addDocuments([{ id: 3, status: "x" }])
        .waitTask();
      expect(next.uid).toBeGreaterThan(added.uid);
    } finally {
      await second.close();
    }
  });
});
