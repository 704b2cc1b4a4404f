import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  masterKey,
  type ProjectorHarness,
  startProjectorHarness,
} from "../test/projector-harness.js";

let h: ProjectorHarness;

beforeAll(async () => {
  h = await startProjectorHarness("write key");
});
afterAll(() => h.stop());

describe("projector with a restricted Meilisearch key", () => {
  it("works with a key limited to what it needs, and that key cannot search", async () => {
    const admin = new Meilisearch({ host: h.meili.url, apiKey: masterKey });
    const key = await admin.createKey({
      name: "projector",
      description: "write-only key for the projector",
      actions: [
        "indexes.create",
        "settings.update",
        "documents.add",
        "documents.get",
        "tasks.get",
        "tasks.delete",
        // Rebuild
        "indexes.get",
        "indexes.swap",
        "indexes.delete",
      ],
      indexes: ["*"],
      expiresAt: null,
    });
    const projector = await h.startProjector({ meiliApiKey: key.key });
    await h.publish(
      await h.append("o-key", [
        {
          type: "OrderCreated",
          orderId: "o-key",
          customerId: "c",
          region: "eu",
          currency: "EUR",
          items: [{ productId: "p", productName: "P", quantity: 1, unitPriceMinor: 100 }],
          createdAt: Date.parse("2026-08-01T00:00:00Z"),
        },
      ]),
    );
    await h.converged();
    const rebuilt = await projector.rebuild();
    expect(rebuilt.documentsWritten).toBeGreaterThan(0);
    await h.converged();
    const asProjector = new Meilisearch({ host: h.meili.url, apiKey: key.key });
    await expect(asProjector.index("orders").search("")).rejects.toMatchObject({
      cause: { code: "invalid_api_key" },
    });
  });
});
