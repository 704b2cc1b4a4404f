// Error helpers shared by handlers, both server stacks and the grpc-js client, so that an
// error looks the same (code, message, google.rpc details) whichever protocol carried it.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, StatusSchema } from "@orderlens/contracts";

export interface FieldViolation {
  field: string;
  description: string;
}

/** INVALID_ARGUMENT carrying a google.rpc.BadRequest with one entry per violated field. */
export function invalidArgument(
  violations: readonly FieldViolation[],
  message = "invalid argument",
): ConnectError {
  return new ConnectError(message, Code.InvalidArgument, undefined, [
    {
      desc: BadRequestSchema,
      value: { fieldViolations: violations.map((v) => ({ ...v })) },
    },
  ]);
}

/** The field violations of an error received from any protocol (empty when there are none). */
export function fieldViolationsOf(error: unknown): FieldViolation[] {
  const err = ConnectError.from(error);
  return err
    .findDetails(BadRequestSchema)
    .flatMap((b) => b.fieldViolations.map((v) => ({ field: v.field, description: v.description })));
}

const codeNames: Record<number, string> = {
  0: "OK",
  [Code.Canceled]: "CANCELLED",
  [Code.Unknown]: "UNKNOWN",
  [Code.InvalidArgument]: "INVALID_ARGUMENT",
  [Code.DeadlineExceeded]: "DEADLINE_EXCEEDED",
  [Code.NotFound]: "NOT_FOUND",
  [Code.AlreadyExists]: "ALREADY_EXISTS",
  [Code.PermissionDenied]: "PERMISSION_DENIED",
  [Code.ResourceExhausted]: "RESOURCE_EXHAUSTED",
  [Code.FailedPrecondition]: "FAILED_PRECONDITION",
  [Code.Aborted]: "ABORTED",
  [Code.OutOfRange]: "OUT_OF_RANGE",
  [Code.Unimplemented]: "UNIMPLEMENTED",
  [Code.Internal]: "INTERNAL",
  [Code.Unavailable]: "UNAVAILABLE",
  [Code.DataLoss]: "DATA_LOSS",
  [Code.Unauthenticated]: "UNAUTHENTICATED",
};

/** Canonical gRPC name of a status code ("OK", "INVALID_ARGUMENT", ...), used in logs and metrics. */
export function codeName(code: number): string {
  return codeNames[code] ?? `CODE_${code}`;
}

/** The code an outcome is reported under: 0 for success. */
export function codeOf(error: unknown): number {
  if (error === undefined) return 0;
  return error instanceof ConnectError ? error.code : Code.Internal;
}

/**
 * The binary google.rpc.Status for `grpc-status-details-bin`, or undefined when the error has
 * no details (then grpc-status and grpc-message say everything).
 */
export function encodeStatusDetails(error: ConnectError): Uint8Array | undefined {
  if (error.details.length === 0) return undefined;
  const status = create(StatusSchema, {
    code: error.code,
    message: error.rawMessage,
    details: error.details.map((detail) =>
      "desc" in detail
        ? anyPack(detail.desc, create(detail.desc, detail.value))
        : { typeUrl: `type.googleapis.com/${detail.type}`, value: detail.value },
    ),
  });
  return toBinary(StatusSchema, status);
}

/**
 * Rebuilds a ConnectError from a gRPC status. Details come from `grpc-status-details-bin` when
 * present, in the same shape Connect's own clients produce, so `findDetails` works uniformly.
 */
export function decodeGrpcStatus(
  code: number,
  message: string,
  detailsBin: Uint8Array | undefined,
  metadata?: Headers,
): ConnectError {
  if (detailsBin !== undefined && detailsBin.length > 0) {
    try {
      const status = fromBinary(StatusSchema, detailsBin);
      const err = new ConnectError(status.message, status.code || code, metadata);
      err.details = status.details.map((any) => ({
        type: any.typeUrl.substring(any.typeUrl.lastIndexOf("/") + 1),
        value: any.value,
      }));
      return err;
    } catch {
      // A malformed details trailer must not hide the status itself.
    }
  }
  return new ConnectError(message, code in Code ? code : Code.Unknown, metadata);
}
