import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Engine } from "./engine.js";
import type { JsonObject } from "./json.js";
import type { ApiKey } from "./keys.js";
import { MeiliIndex } from "./meili-index.js";
import type { Settings } from "./settings.js";
import { isFinished, type Task } from "./tasks.js";

type SnapshotFile = {
  format: "orderlens-meili-stand-in/1";
  indexes: {
    uid: string;
    primaryKey: string | null;
    createdAt: string;
    updatedAt: string;
    settings: Settings;
    documents: JsonObject[];
  }[];
  tasks: Task[];
  /** Absent in older snapshots: the uid after the highest kept task then. */
  nextTaskUid?: number;
  keys: ApiKey[];
};

export function serialize(engine: Engine): SnapshotFile {
  return {
    format: "orderlens-meili-stand-in/1",
    indexes: [...engine.indexes.values()].map((i) => ({
      uid: i.uid,
      primaryKey: i.primaryKey,
      createdAt: i.createdAt.toISOString(),
      updatedAt: i.updatedAt.toISOString(),
      settings: i.settings,
      documents: [...i.docIds()].map((id) => i.docById(id) as JsonObject),
    })),
    tasks: engine.tasks.tasks.filter(isFinished),
    nextTaskUid: engine.tasks.uidCounter,
    keys: [...engine.keys.keys.values()],
  };
}

/** Restores a snapshot; a missing file is a fresh start, a corrupt one is an error. */
export async function loadSnapshot(engine: Engine, path: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
  const snap = JSON.parse(text) as SnapshotFile;
  if (snap.format !== "orderlens-meili-stand-in/1")
    throw new Error(`${path} is not a stand-in snapshot`);
  for (const s of snap.indexes) {
    const index = new MeiliIndex(s.uid, s.primaryKey);
    index.updateSettings({ ...s.settings });
    if (s.documents.length > 0) index.addDocuments(s.documents, false, s.primaryKey);
    index.createdAt = new Date(s.createdAt);
    index.updatedAt = new Date(s.updatedAt);
    engine.indexes.set(s.uid, index);
  }
  engine.tasks.restore(snap.tasks, snap.nextTaskUid);
  if (engine.keys.masterKey !== null && snap.keys.length > 0) engine.keys.restore(snap.keys);
  return true;
}

/**
 * Debounced, atomic persistence: writes go to a temp file renamed over the target, so a
 * crash mid-write leaves the previous snapshot intact.
 */
export function createSnapshotWriter(engine: Engine, path: string, debounceMs = 250) {
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    chain = chain.then(async () => {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(serialize(engine)));
      await rename(tmp, path);
    });
    return chain;
  };
  return {
    schedule(): void {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void save().catch(() => {});
      }, debounceMs);
    },
    async flush(): Promise<void> {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      await save();
    },
  };
}
