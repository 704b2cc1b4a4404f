import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "@orderlens/contracts";

export interface ErrorDescription {
  /** The gRPC status name, e.g. "InvalidArgument". */
  code: string;
  title: string;
  message: string;
  /** google.rpc.BadRequest field violations carried in the error details. */
  violations: { field: string; description: string }[];
}

const titles: Partial<Record<Code, string>> = {
  [Code.InvalidArgument]: "The request has invalid fields",
  [Code.NotFound]: "Not found",
  [Code.AlreadyExists]: "Already exists",
  [Code.FailedPrecondition]: "Not possible in the current state",
  [Code.Aborted]: "Changed meanwhile: reload and try again",
  [Code.OutOfRange]: "Out of range",
  [Code.Unauthenticated]: "Sign-in needed: the token is missing or unknown",
  [Code.PermissionDenied]: "This token is not allowed to do that",
  [Code.ResourceExhausted]: "Too large, or too many requests",
  [Code.Unavailable]: "The service is unavailable",
  [Code.DeadlineExceeded]: "The service took too long",
  [Code.Unimplemented]: "Not available on this server yet",
  [Code.Canceled]: "Cancelled",
};

/** A failed call as people read it: what happened, the server's words, and each bad field. */
export function describeError(error: unknown): ErrorDescription {
  const e = ConnectError.from(error);
  const violations = e
    .findDetails(BadRequestSchema)
    .flatMap((d) => d.fieldViolations.map((v) => ({ field: v.field, description: v.description })));
  // fetch() itself failed: nothing answered, or the browser refused the answer (CORS).
  const unreachable = e.code === Code.Unknown && /fetch|network/i.test(e.rawMessage);
  return {
    code: Code[e.code] ?? String(e.code),
    title: unreachable
      ? "The service could not be reached (down, or not allowing this origin)"
      : (titles[e.code] ?? "The request failed"),
    message: e.rawMessage,
    violations,
  };
}
