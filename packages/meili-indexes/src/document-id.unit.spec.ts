import { describe, expect, it } from "vitest";
import { compositeId, fromDocumentId, toDocumentId } from "./document-id.js";
import { allIndexes, createIndexNames } from "./index-names.js";
import { indexSettings } from "./index-settings.js";

describe("Meilisearch document ids", () => {
  it("leave UUIDs and plain ids as they are", () => {
    expect(toDocumentId("01a20ab0-f35d-72c6-bc8e-7ec664294303")).toBe(
      "01a20ab0-f35d-72c6-bc8e-7ec664294303",
    );
    expect(toDocumentId("order-42")).toBe("order-42");
  });

  it("escape every other character reversibly, into Meilisearch's id alphabet", () => {
    for (const id of ["a.b:c", "under_score", "x_2E", "sku.1:v2"]) {
      const doc = toDocumentId(id);
      expect(doc).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(fromDocumentId(doc)).toBe(id);
    }
    expect(toDocumentId("a_2E")).not.toBe(toDocumentId("a.")); // the escape character is escaped too
  });

  it("join key parts without collisions", () => {
    expect(compositeId("2026-01", "a__b", "EUR")).not.toBe(compositeId("2026-01", "a", "b__EUR"));
  });
});

describe("indexes", () => {
  it("are prefixed, and every one the projector writes has settings query-svc relies on", () => {
    const names = createIndexNames("t_");
    expect(allIndexes(names)).toEqual([
      "t_orders",
      "t_sales_by_product_month",
      "t_sales_by_region_month",
      "t_sales_daily",
    ]);
    const settings = indexSettings(names);
    for (const uid of allIndexes(names))
      expect(settings[uid]?.filterableAttributes?.length).toBeGreaterThan(0);
    expect(settings.t_orders?.sortableAttributes).toContain("createdAt");
  });
});
