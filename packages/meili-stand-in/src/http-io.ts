import type { IncomingMessage, ServerResponse } from "node:http";
import { MeiliError } from "./errors.js";
import { parseJson } from "./json.js";

export type BodyKind = "json" | "documents";

const formatSize = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${bytes} B`;

const tooLarge = (limit: number): MeiliError =>
  new MeiliError(
    413,
    "payload_too_large",
    `The provided payload reached the size limit. The maximum accepted payload size is ${formatSize(limit)}.`,
  );

/**
 * Reads the whole body under a byte limit. An oversized body is drained rather than cut
 * off so the 413 reaches the client instead of a reset connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > limit;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on("end", () => (over ? reject(tooLarge(limit)) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

const ACCEPTED_DOCUMENTS = "`application/json`, `application/x-ndjson`, `text/csv`";

/** Content-Type and JSON checks with Meilisearch's codes for each kind of route. */
export function decodeJson(req: IncomingMessage, raw: Buffer, kind: BodyKind): unknown {
  const accepted = kind === "documents" ? ACCEPTED_DOCUMENTS : "`application/json`";
  const type = req.headers["content-type"];
  if (type === undefined || type.trim() === "") {
    throw new MeiliError(
      415,
      "missing_content_type",
      `A Content-Type header must be specified. Accepted values for the Content-Type header are: ${accepted}`,
    );
  }
  const mime = (type.split(";")[0] ?? "").trim().toLowerCase();
  if (mime !== "application/json") {
    if (kind === "documents" && (mime === "application/x-ndjson" || mime === "text/csv")) {
      throw new MeiliError(
        501,
        "stand_in_unsupported",
        `The Meilisearch stand-in does not support ${mime} document payloads. Send application/json, or use a real Meilisearch (set MEILI_URL).`,
      );
    }
    throw new MeiliError(
      415,
      "invalid_content_type",
      `The Content-Type \`${type}\` is invalid. Accepted values for the Content-Type header are: ${accepted}`,
    );
  }
  const text = raw.toString("utf8");
  if (text.trim() === "")
    throw new MeiliError(400, "missing_payload", "A json payload is missing.");
  const parsed = parseJson(text);
  if (!parsed.ok) {
    throw kind === "documents"
      ? new MeiliError(
          400,
          "malformed_payload",
          `The \`json\` payload provided is malformed. \`${parsed.error}\`.`,
        )
      : new MeiliError(
          400,
          "bad_request",
          `The json payload provided is malformed. \`${parsed.error}\`.`,
        );
  }
  return parsed.value;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
