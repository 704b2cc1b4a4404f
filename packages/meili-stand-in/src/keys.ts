import { createHmac, randomUUID } from "node:crypto";
import { badRequest, MeiliError, unknownField } from "./errors.js";
import type { JsonObject } from "./json.js";
import { describeJson, isObject } from "./json.js";
import { expectStringArray, typeError } from "./validate.js";

export const ACTIONS = [
  "*",
  "search",
  "documents.*",
  "documents.add",
  "documents.get",
  "documents.delete",
  "indexes.*",
  "indexes.create",
  "indexes.get",
  "indexes.update",
  "indexes.delete",
  "indexes.swap",
  "tasks.*",
  "tasks.cancel",
  "tasks.delete",
  "tasks.get",
  "settings.*",
  "settings.get",
  "settings.update",
  "stats.*",
  "stats.get",
  "metrics.*",
  "metrics.get",
  "dumps.*",
  "dumps.create",
  "snapshots.*",
  "snapshots.create",
  "version",
  "keys.create",
  "keys.get",
  "keys.update",
  "keys.delete",
] as const;

export type ApiKey = {
  name: string | null;
  description: string | null;
  key: string;
  uid: string;
  actions: string[];
  indexes: string[];
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** Meilisearch derives a key from its uid: hex(HMAC-SHA256(masterKey, uid)). */
const deriveKey = (masterKey: string, uid: string): string =>
  createHmac("sha256", masterKey).update(uid).digest("hex");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Access = { action: string; indexUid?: string | null };

export const authError = {
  missingHeader: () =>
    new MeiliError(
      401,
      "missing_authorization_header",
      "The Authorization header is missing. It must use the bearer authorization method.",
      "auth",
    ),
  invalidKey: () =>
    new MeiliError(403, "invalid_api_key", "The provided API key is invalid.", "auth"),
  missingMasterKey: () =>
    new MeiliError(
      401,
      "missing_master_key",
      "Meilisearch is running without a master key. To access this API endpoint, you must have set a master key at launch.",
      "auth",
    ),
};

export const indexMatches = (patterns: readonly string[], uid: string): boolean =>
  patterns.some(
    (p) => p === "*" || p === uid || (p.endsWith("*") && uid.startsWith(p.slice(0, -1))),
  );

const actionMatches = (actions: readonly string[], action: string): boolean =>
  actions.some(
    (a) => a === "*" || a === action || (a.endsWith(".*") && action.startsWith(a.slice(0, -1))),
  );

/** API keys, including the two default keys Meilisearch creates with a master key. */
export class KeyStore {
  readonly keys = new Map<string, ApiKey>();

  constructor(readonly masterKey: string | null) {
    if (masterKey === null) return;
    const now = new Date().toISOString();
    this.insert({
      name: "Default Search API Key",
      description: "Use it to search from the frontend",
      uid: randomUUID(),
      actions: ["search"],
      indexes: ["*"],
      expiresAt: null,
      createdAt: now,
      updatedAt: now,
    });
    this.insert({
      name: "Default Admin API Key",
      description:
        "Use it for anything that is not a search operation. Caution! Do not expose it on a public frontend",
      uid: randomUUID(),
      actions: ["*"],
      indexes: ["*"],
      expiresAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  restore(keys: ApiKey[]): void {
    this.keys.clear();
    for (const k of keys) this.keys.set(k.uid, k);
  }

  private insert(k: Omit<ApiKey, "key">): ApiKey {
    const key: ApiKey = { ...k, key: deriveKey(this.masterKey ?? "", k.uid) };
    this.keys.set(k.uid, key);
    return key;
  }

  list(): ApiKey[] {
    return [...this.keys.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  find(keyOrUid: string): ApiKey | undefined {
    return this.keys.get(keyOrUid) ?? [...this.keys.values()].find((k) => k.key === keyOrUid);
  }

  /**
   * Returns the index patterns the bearer may touch (`["*"]` for the master key), or throws
   * Meilisearch's auth errors. With no master key everything is open.
   */
  authorize(header: string | undefined, access: Access): string[] {
    if (this.masterKey === null) {
      if (access.action.startsWith("keys.")) throw authError.missingMasterKey();
      return ["*"];
    }
    if (header === undefined) throw authError.missingHeader();
    const m = /^Bearer (.+)$/.exec(header.trim());
    if (!m) throw authError.invalidKey();
    const token = (m[1] as string).trim();
    if (token === this.masterKey) return ["*"];
    const key = [...this.keys.values()].find((k) => k.key === token);
    if (!key) throw authError.invalidKey();
    if (key.expiresAt !== null && Date.parse(key.expiresAt) <= Date.now())
      throw authError.invalidKey();
    if (!actionMatches(key.actions, access.action)) throw authError.invalidKey();
    if (access.indexUid && !indexMatches(key.indexes, access.indexUid))
      throw authError.invalidKey();
    return key.indexes;
  }

  create(body: unknown): ApiKey {
    if (!isObject(body)) throw typeError("bad_request", "", "an object", body);
    const fields = ["uid", "key", "name", "description", "actions", "indexes", "expiresAt"];
    for (const k of Object.keys(body)) if (!fields.includes(k)) throw unknownField(k, fields);
    if (body.key !== undefined) {
      throw badRequest(
        "immutable_api_key_key",
        "The `key` field cannot be set when creating a key.",
      );
    }
    if (body.actions === undefined)
      throw badRequest("missing_api_key_actions", "Missing field `actions`");
    if (body.indexes === undefined)
      throw badRequest("missing_api_key_indexes", "Missing field `indexes`");
    if (body.expiresAt === undefined) {
      throw badRequest("missing_api_key_expires_at", "Missing field `expiresAt`");
    }
    const actions = expectStringArray("invalid_api_key_actions", ".actions", body.actions);
    actions.forEach((a, i) => {
      if (!(ACTIONS as readonly string[]).includes(a)) {
        throw badRequest(
          "invalid_api_key_actions",
          `Unknown value \`${a}\` at \`.actions[${i}]\`: expected one of ${ACTIONS.map((x) => `\`${x}\``).join(", ")}`,
        );
      }
    });
    const indexes = expectStringArray("invalid_api_key_indexes", ".indexes", body.indexes);
    const expiresAt = body.expiresAt;
    if (
      expiresAt !== null &&
      (typeof expiresAt !== "string" || Number.isNaN(Date.parse(expiresAt)))
    ) {
      throw badRequest(
        "invalid_api_key_expires_at",
        `Invalid value at \`.expiresAt\`: \`${describeJson(expiresAt)}\` is not a valid date. It should follow the RFC 3339 format to represents a date or datetime in the future or specified as a null value. e.g. 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'.`,
      );
    }
    const uid = body.uid ?? randomUUID();
    if (typeof uid !== "string" || !UUID.test(uid)) {
      throw badRequest(
        "invalid_api_key_uid",
        `Invalid value at \`.uid\`: ${describeJson(uid)} is not a valid uuid v4`,
      );
    }
    if (this.keys.has(uid)) {
      throw new MeiliError(
        409,
        "api_key_already_exists",
        `\`uid\` field value \`${uid}\` is already an existing API key.`,
      );
    }
    const str = (v: unknown, code: string, path: string): string | null => {
      if (v === undefined || v === null) return null;
      if (typeof v !== "string") throw typeError(code, path, "a string", v);
      return v;
    };
    const now = new Date().toISOString();
    return this.insert({
      name: str(body.name, "invalid_api_key_name", ".name"),
      description: str(body.description, "invalid_api_key_description", ".description"),
      uid,
      actions,
      indexes,
      expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
      createdAt: now,
      updatedAt: now,
    });
  }

  update(keyOrUid: string, body: unknown): ApiKey {
    const key = this.require(keyOrUid);
    if (!isObject(body)) throw typeError("bad_request", "", "an object", body);
    for (const [k, v] of Object.entries(body)) {
      if (k === "name" || k === "description") {
        if (v !== null && typeof v !== "string")
          throw typeError(`invalid_api_key_${k}`, `.${k}`, "a string", v);
        key[k] = v;
      } else if (
        ["uid", "key", "actions", "indexes", "expiresAt", "createdAt", "updatedAt"].includes(k)
      ) {
        throw badRequest(
          `immutable_api_key_${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
          `The \`${k}\` field cannot be modified for the given resource.`,
        );
      } else throw unknownField(k, ["name", "description"]);
    }
    key.updatedAt = new Date().toISOString();
    return key;
  }

  delete(keyOrUid: string): void {
    this.keys.delete(this.require(keyOrUid).uid);
  }

  require(keyOrUid: string): ApiKey {
    const k = this.find(keyOrUid);
    if (!k) throw new MeiliError(404, "api_key_not_found", `API key \`${keyOrUid}\` not found.`);
    return k;
  }
}

export type KeyView = JsonObject;
