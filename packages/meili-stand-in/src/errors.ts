/**
 * Meilisearch-shaped errors. Every failure the stand-in reports, synchronous (HTTP) or
 * asynchronous (in a failed task), goes through `MeiliError` so the body always carries
 * `message`, `code`, `type` and `link` exactly like the real server.
 */
export type ErrorType = "invalid_request" | "auth" | "internal" | "system";

export type MeiliErrorBody = {
  message: string;
  code: string;
  type: ErrorType;
  link: string;
};

export class MeiliError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: ErrorType;

  constructor(status: number, code: string, message: string, type: ErrorType = "invalid_request") {
    super(message);
    this.status = status;
    this.code = code;
    this.type = type;
  }

  toBody(): MeiliErrorBody {
    return {
      message: this.message,
      code: this.code,
      type: this.type,
      link: `https://docs.meilisearch.com/errors#${this.code}`,
    };
  }
}

export const badRequest = (code: string, message: string): MeiliError =>
  new MeiliError(400, code, message);

/** Meilisearch's own wording for an unknown field in a JSON body. */
export const unknownField = (field: string, expected: readonly string[], path = ""): MeiliError =>
  badRequest(
    "bad_request",
    `Unknown field \`${field}\`${path ? ` inside \`${path}\`` : ""}: expected one of ${expected
      .map((e) => `\`${e}\``)
      .join(", ")}`,
  );

/**
 * The stand-in refuses what it does not implement instead of ignoring it, so a test that
 * relies on a missing feature fails loudly rather than passing against the wrong behaviour.
 */
export const unsupported = (feature: string): MeiliError =>
  new MeiliError(
    501,
    "stand_in_unsupported",
    `The Meilisearch stand-in does not support ${feature}. Use a real Meilisearch (set MEILI_URL) for this feature.`,
  );

export const indexNotFound = (uid: string): MeiliError =>
  new MeiliError(404, "index_not_found", `Index \`${uid}\` not found.`);

export const internalError = (message: string): MeiliError =>
  new MeiliError(500, "internal", message, "internal");
