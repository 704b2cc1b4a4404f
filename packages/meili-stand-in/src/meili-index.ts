import { Bitset } from "./bitset.js";
import { documentId, inferPrimaryKey } from "./document-ids.js";
import { badRequest } from "./errors.js";
import { FacetField } from "./facet-field.js";
import type { FacetSource } from "./filter-evaluator.js";
import { flattenDocument, isUnder } from "./flatten.js";
import type { JsonObject, JsonValue } from "./json.js";
import { isObject } from "./json.js";
import type { Settings, SettingsPatch } from "./settings.js";
import { applySettingsPatch, defaultSettings, facetedAttributes } from "./settings.js";
import { tokenize } from "./text.js";
import { TokenIndex } from "./token-index.js";

export type SortKey = { attr: string; dir: "asc" | "desc" };

/**
 * One index: documents under dense internal ids (kept across replacements, as milli does,
 * so placeholder order is stable), plus the facet and word indexes maintained on write.
 */
export class MeiliIndex implements FacetSource {
  primaryKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  settings: Settings = defaultSettings();
  private readonly docs = new Map<number, JsonObject>();
  private readonly ids = new Map<string, number>();
  private readonly liveDocs = new Bitset(0);
  private nextDocId = 0;
  private readonly fieldOrder = new Map<string, number>();
  private readonly fieldCounts = new Map<string, number>();
  private facets = new Map<string, FacetField>();
  private faceted: string[] = [];
  private readonly tokens = new TokenIndex();
  private readonly orders = new Map<string, Int32Array>();

  constructor(
    public uid: string,
    primaryKey: string | null,
    now = new Date(),
  ) {
    this.primaryKey = primaryKey;
    this.createdAt = now;
    this.updatedAt = now;
  }

  get size(): number {
    return this.docs.size;
  }

  get idSpace(): number {
    return this.nextDocId;
  }

  live(): Bitset {
    return this.liveDocs;
  }

  field(path: string): FacetField | undefined {
    return this.facets.get(path);
  }

  fieldDistribution(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of [...this.fieldCounts.keys()].sort()) out[k] = this.fieldCounts.get(k) ?? 0;
    return out;
  }

  fields(): string[] {
    return [...this.fieldOrder.keys()];
  }

  docById(docId: number): JsonObject | undefined {
    return this.docs.get(docId);
  }

  get(externalId: string): JsonObject | undefined {
    const id = this.ids.get(externalId);
    return id === undefined ? undefined : this.docs.get(id);
  }

  /** Every live internal id in id (= insertion) order. */
  *docIds(): Generator<number> {
    yield* this.liveDocs.ids();
  }

  /**
   * Validates the whole batch before touching anything: Meilisearch fails the task as a
   * unit on a missing or invalid id, or a primary key it cannot infer.
   */
  addDocuments(batch: JsonObject[], merge: boolean, primaryKey: string | null): number {
    if (primaryKey !== null && this.primaryKey !== null && primaryKey !== this.primaryKey) {
      throw badRequest(
        "index_primary_key_already_exists",
        `Index \`${this.uid}\`: Index already has a primary key: \`${this.primaryKey}\`.`,
      );
    }
    const pk = this.primaryKey ?? primaryKey ?? inferPrimaryKey(batch[0]);
    const keyed = batch.map((doc) => [documentId(doc, pk), doc] as const);
    this.primaryKey = pk;
    for (const [ext, doc] of keyed) {
      const existingId = this.ids.get(ext);
      if (existingId === undefined) {
        const id = this.nextDocId++;
        this.ids.set(ext, id);
        this.store(id, doc);
      } else {
        const old = this.docs.get(existingId) as JsonObject;
        this.unstore(existingId, old);
        this.store(existingId, merge ? { ...old, ...doc } : doc);
      }
    }
    this.touched();
    return keyed.length;
  }

  deleteIds(externalIds: readonly string[]): number {
    let n = 0;
    for (const ext of externalIds) {
      const id = this.ids.get(ext);
      if (id === undefined) continue;
      this.unstore(id, this.docs.get(id) as JsonObject);
      this.ids.delete(ext);
      n++;
    }
    this.touched();
    return n;
  }

  deleteInternal(docIds: Iterable<number>): number {
    const pk = this.primaryKey;
    const ext: string[] = [];
    for (const id of docIds) {
      const doc = this.docs.get(id);
      if (doc && pk !== null) ext.push(documentId(doc, pk));
    }
    return this.deleteIds(ext);
  }

  clear(): number {
    const n = this.docs.size;
    this.docs.clear();
    this.ids.clear();
    this.liveDocs.words.fill(0);
    this.fieldCounts.clear();
    this.facets.clear();
    this.tokens.clear();
    this.touched();
    return n;
  }

  updateSettings(patch: SettingsPatch): void {
    const before = this.settings;
    this.settings = applySettingsPatch(before, patch);
    const reindex =
      JSON.stringify(facetedAttributes(before)) !==
        JSON.stringify(facetedAttributes(this.settings)) ||
      JSON.stringify(before.searchableAttributes) !==
        JSON.stringify(this.settings.searchableAttributes);
    if (reindex) this.reindex();
    this.touched();
  }

  /** Order of live documents under a sort specification, cached until the next write. */
  order(keys: readonly SortKey[]): Int32Array {
    const cacheKey = keys.map((k) => `${k.attr}:${k.dir}`).join(",");
    const cached = this.orders.get(cacheKey);
    if (cached) return cached;
    const ranks = keys.map((k) => this.rankOf(k));
    const ids = Int32Array.from(this.liveDocs.ids());
    ids.sort((a, b) => {
      for (const r of ranks) {
        const d = (r[a] as number) - (r[b] as number);
        if (d !== 0) return d;
      }
      return a - b;
    });
    this.orders.set(cacheKey, ids);
    return ids;
  }

  rankOf(key: SortKey): Int32Array {
    const f = this.facets.get(key.attr);
    if (!f) return new Int32Array(this.nextDocId).fill(0x7fffffff);
    return f.rank(key.dir, this.nextDocId);
  }

  /** Words of a document with the rank of the attribute they come from (lower is better). */
  tokensOf(doc: JsonObject): Map<string, number> {
    const out = new Map<string, number>();
    const searchable = this.settings.searchableAttributes;
    const all = searchable.includes("*");
    const visit = (path: string, v: JsonValue, topRank: number): void => {
      if (Array.isArray(v)) for (const x of v) visit(path, x, topRank);
      else if (isObject(v))
        for (const [k, x] of Object.entries(v)) visit(`${path}.${k}`, x, topRank);
      else if (v !== null) {
        const rank = all ? topRank : searchable.findIndex((a) => isUnder(path, a));
        if (rank < 0) return;
        for (const t of tokenize(String(v))) {
          const prev = out.get(t);
          if (prev === undefined || rank < prev) out.set(t, rank);
        }
      }
    };
    for (const [k, v] of Object.entries(doc)) visit(k, v, this.fieldOrder.get(k) ?? 0);
    return out;
  }

  private store(id: number, doc: JsonObject): void {
    this.docs.set(id, doc);
    this.liveDocs.add(id);
    for (const k of Object.keys(doc)) {
      if (!this.fieldOrder.has(k)) this.fieldOrder.set(k, this.fieldOrder.size);
      this.fieldCounts.set(k, (this.fieldCounts.get(k) ?? 0) + 1);
    }
    this.indexFacets(id, doc, true);
    this.tokens.add(id, this.tokensOf(doc));
  }

  private unstore(id: number, doc: JsonObject): void {
    this.indexFacets(id, doc, false);
    this.tokens.remove(id, this.tokensOf(doc).keys());
    for (const k of Object.keys(doc)) {
      const c = (this.fieldCounts.get(k) ?? 1) - 1;
      if (c === 0) this.fieldCounts.delete(k);
      else this.fieldCounts.set(k, c);
    }
    this.docs.delete(id);
    this.liveDocs.remove(id);
  }

  private indexFacets(id: number, doc: JsonObject, add: boolean): void {
    if (this.faceted.length === 0) return;
    for (const [path, flat] of flattenDocument(doc)) {
      if (!this.faceted.some((a) => isUnder(path, a))) continue;
      let f = this.facets.get(path);
      if (!f) {
        if (!add) continue;
        f = new FacetField();
        this.facets.set(path, f);
      }
      if (add) f.add(id, flat);
      else f.remove(id, flat);
    }
  }

  private reindex(): void {
    this.faceted = facetedAttributes(this.settings);
    this.facets = new Map();
    this.tokens.clear();
    for (const [id, doc] of this.docs) {
      this.indexFacets(id, doc, true);
      this.tokens.add(id, this.tokensOf(doc));
    }
  }

  private touched(): void {
    this.orders.clear();
    this.updatedAt = new Date();
  }

  /** Word lookups for search. */
  wordIndex(): TokenIndex {
    return this.tokens;
  }
}
