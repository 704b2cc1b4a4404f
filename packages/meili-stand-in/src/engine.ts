import { badRequest, indexNotFound, MeiliError } from "./errors.js";
import { KeyStore } from "./keys.js";
import { MeiliIndex } from "./meili-index.js";
import { TaskQueue } from "./tasks.js";

const VALID_UID = /^[a-zA-Z0-9_-]+$/;

export function assertIndexUid(uid: string, path = ""): void {
  if (!VALID_UID.test(uid) || Buffer.byteLength(uid) > 400) {
    const message = `\`${uid}\` is not a valid index uid. Index uid can be an integer or a string containing only alphanumeric characters, hyphens (-) and underscores (_), and can not be more than 400 bytes.`;
    throw badRequest(
      "invalid_index_uid",
      path ? `Invalid value at \`${path}\`: ${message}` : message,
    );
  }
}

export const indexView = (i: MeiliIndex) => ({
  uid: i.uid,
  createdAt: i.createdAt.toISOString(),
  updatedAt: i.updatedAt.toISOString(),
  primaryKey: i.primaryKey,
});

/** The whole server state: indexes, the task queue and the API keys. */
export class Engine {
  readonly indexes = new Map<string, MeiliIndex>();
  readonly tasks: TaskQueue;
  readonly keys: KeyStore;
  lastUpdate: Date | null = null;

  constructor(masterKey: string | null, onChange: () => void = () => {}) {
    this.keys = new KeyStore(masterKey);
    this.tasks = new TaskQueue(() => {
      this.lastUpdate = new Date();
      onChange();
    });
  }

  index(uid: string): MeiliIndex {
    const i = this.indexes.get(uid);
    if (!i) throw indexNotFound(uid);
    return i;
  }

  /** Document and settings writes create their index on the fly, as Meilisearch does. */
  indexOrCreate(uid: string): MeiliIndex {
    let i = this.indexes.get(uid);
    if (!i) {
      i = new MeiliIndex(uid, null);
      this.indexes.set(uid, i);
    }
    return i;
  }

  createIndex(uid: string, primaryKey: string | null): void {
    if (this.indexes.has(uid)) {
      throw new MeiliError(409, "index_already_exists", `Index \`${uid}\` already exists.`);
    }
    this.indexes.set(uid, new MeiliIndex(uid, primaryKey));
  }

  swap(pairs: { indexes: [string, string]; rename: boolean }[]): void {
    const missing = pairs.flatMap((p) =>
      p.rename
        ? [p.indexes[0]].filter((u) => !this.indexes.has(u))
        : p.indexes.filter((u) => !this.indexes.has(u)),
    );
    if (missing.length === 1) throw indexNotFound(missing[0] as string);
    if (missing.length > 1) {
      throw new MeiliError(
        404,
        "index_not_found",
        `Indexes ${missing.map((m) => `\`${m}\``).join(", ")} not found.`,
      );
    }
    for (const p of pairs) {
      const b = p.indexes[1];
      if (p.rename && this.indexes.has(b)) {
        throw new MeiliError(409, "index_already_exists", `Index \`${b}\` already exists.`);
      }
    }
    for (const p of pairs) {
      const [a, b] = p.indexes;
      const ia = this.indexes.get(a) as MeiliIndex;
      const ib = this.indexes.get(b);
      this.indexes.delete(a);
      this.indexes.delete(b);
      ia.uid = b;
      this.indexes.set(b, ia);
      if (ib) {
        ib.uid = a;
        this.indexes.set(a, ib);
      }
      // The task history follows the indexes (finished tasks only, as in Meilisearch).
      for (const t of this.tasks.tasks) {
        if (t.status === "enqueued" || t.status === "processing") continue;
        if (t.indexUid === a) t.indexUid = b;
        else if (t.indexUid === b && !p.rename) t.indexUid = a;
      }
    }
  }
}
