// The request field rules of every contract (protovalidate annotations in proto/), checked once
// per call where both serving stacks meet (rpc-method.ts), before any handler runs.
import type { DescMessage, DescMethod, Message } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator, type Violation } from "@bufbuild/protovalidate";
import { Code, ConnectError } from "@connectrpc/connect";
import { contractRegexMatch } from "./contract-regex.js";
import { type FieldViolation, invalidArgument } from "./errors.js";

/**
 * One validator per process: it compiles each message type's rules (CEL included) the first time
 * it sees the type and reuses the plan, so a call pays only for evaluating them. Patterns are
 * matched by V8 (contract-regex.ts says why that is safe here).
 */
const validator = createValidator({ regexMatch: contractRegexMatch });

/**
 * A hostile request of a million bad list entries must not earn a million-entry error. Past this
 * many, the reply names the first ones; a client fixes those and learns the rest next time.
 */
export const maxReportedViolations = 100;

/** "value must be ..." -> "must be ...": the field is named beside the description already. */
function toFieldViolation(violation: Violation): FieldViolation {
  return {
    field: pathToString(violation.field),
    description: violation.message.replace(/^value /, ""),
  };
}

/** The violations of a request's rules, in field order; [] when it keeps them all. */
export function requestViolations(schema: DescMessage, message: Message): FieldViolation[] {
  const result = validator.validate(schema, message);
  switch (result.kind) {
    case "valid":
      return [];
    case "invalid":
      return result.violations.slice(0, maxReportedViolations).map(toFieldViolation);
    case "error":
      // A rule that cannot compile or evaluate is a bug in the contract, never the caller's.
      throw new ConnectError(
        `request rules of ${schema.typeName} failed: ${result.error.message}`,
        Code.Internal,
      );
  }
}

/** The request itself when it keeps its method's rules; INVALID_ARGUMENT naming every field otherwise. */
export function validRequest(method: DescMethod, message: unknown): Message {
  const violations = requestViolations(method.input, message as Message);
  if (violations.length > 0) {
    throw invalidArgument(violations, `invalid ${method.name} request`);
  }
  return message as Message;
}

/** Client and bidi streams: each message is checked as the handler pulls it. */
export async function* validRequests(
  method: DescMethod,
  messages: AsyncIterable<unknown>,
): AsyncIterable<Message> {
  for await (const message of messages) yield validRequest(method, message);
}
