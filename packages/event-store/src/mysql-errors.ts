/** A MySQL duplicate-key error, optionally on one named key ("PRIMARY", a unique index). */
export function isDuplicateKey(error: unknown, key?: string): boolean {
  const e = error as { code?: string; errno?: number; message?: string };
  return (
    (e.code === "ER_DUP_ENTRY" || e.errno === 1062) &&
    (key === undefined || (e.message ?? "").includes(key))
  );
}

/**
 * Another writer appended to a stream first: the unique (stream_id, stream_version) refused one of
 * a commit's events. It keeps the MySQL error's code and errno, so callers that sort errors by
 * them (a statement error, safe to redo) see it as the duplicate key it is.
 */
export class StreamVersionConflict extends Error {
  override readonly name = "StreamVersionConflict";
  readonly code = "ER_DUP_ENTRY";
  readonly errno = 1062;
  constructor(override readonly cause: unknown) {
    super("a stream moved past the version its events were decided against", { cause });
  }
}
