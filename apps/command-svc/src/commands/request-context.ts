import { createHash, randomUUID } from "node:crypto";
import { clone, type DescMessage, type MessageShape, toBinary } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { subjectKey } from "@orderlens/server";
import type { CommandContext } from "./command-types.js";

/** What a client may pass as a correlation id; anything else gets a fresh one. */
const correlationPattern = /^[A-Za-z0-9._:-]{1,64}$/;

interface CommandRequestFields {
  requestId: string;
  expectedVersion?: bigint | undefined;
}

/**
 * The transport-level parts of a command: idempotency key, expected version, correlation and
 * actor. The request already kept its contract's field rules (request id alphabet, version range).
 */
export function commandContextOf<S extends DescMessage>(
  schema: S,
  request: MessageShape<S> & CommandRequestFields,
  ctx: HandlerContext,
): CommandContext {
  const correlation = ctx.requestHeader.get("x-correlation-id") ?? "";
  const withoutId = clone(schema, request) as MessageShape<S> & CommandRequestFields;
  withoutId.requestId = "";
  return {
    requestId: request.requestId === "" ? undefined : request.requestId,
    fingerprint: createHash("sha256").update(toBinary(schema, withoutId)).digest("hex"),
    expectedVersion:
      request.expectedVersion === undefined ? undefined : Number(request.expectedVersion),
    correlationId: correlationPattern.test(correlation) ? correlation : randomUUID(),
    actor: ctx.values.get(subjectKey)?.subject ?? "anonymous",
  };
}
