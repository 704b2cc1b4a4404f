import { createHash, randomUUID } from "node:crypto";
import { clone, type DescMessage, type MessageShape, toBinary } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { FieldViolation } from "@orderlens/domain";
import { subjectKey } from "@orderlens/server";
import type { CommandContext } from "./command-types.js";

const idPattern = /^[A-Za-z0-9._:-]{1,64}$/;
const maxExpectedVersion = 2 ** 32 - 1;

interface CommandRequestFields {
  requestId: string;
  expectedVersion?: bigint | undefined;
}

/**
 * The transport-level parts of a command: idempotency key, expected version, correlation and
 * actor. Returns field violations for the caller to report together with the domain's.
 */
export function commandContextOf<S extends DescMessage>(
  schema: S,
  request: MessageShape<S> & CommandRequestFields,
  ctx: HandlerContext,
): { context: CommandContext; violations: FieldViolation[] } {
  const violations: FieldViolation[] = [];
  if (request.requestId !== "" && !idPattern.test(request.requestId)) {
    violations.push({
      field: "request_id",
      description: "must be 1-64 characters of A-Z a-z 0-9 . _ : -",
    });
  }
  let expectedVersion: number | undefined;
  if (request.expectedVersion !== undefined) {
    if (request.expectedVersion > BigInt(maxExpectedVersion)) {
      violations.push({
        field: "expected_version",
        description: `must be at most ${maxExpectedVersion}`,
      });
    } else {
      expectedVersion = Number(request.expectedVersion);
    }
  }
  const correlation = ctx.requestHeader.get("x-correlation-id") ?? "";
  const withoutId = clone(schema, request) as MessageShape<S> & CommandRequestFields;
  withoutId.requestId = "";
  return {
    violations,
    context: {
      requestId: request.requestId === "" ? undefined : request.requestId,
      fingerprint: createHash("sha256").update(toBinary(schema, withoutId)).digest("hex"),
      expectedVersion,
      correlationId: idPattern.test(correlation) ? correlation : randomUUID(),
      actor: ctx.values.get(subjectKey)?.subject ?? "anonymous",
    },
  };
}
