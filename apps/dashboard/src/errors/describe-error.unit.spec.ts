import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "@orderlens/contracts";
import { describe, expect, it } from "vitest";
import { describeError } from "./describe-error";

describe("describeError", () => {
  it("lists the google.rpc.BadRequest field violations", () => {
    const details = create(BadRequestSchema, {
      fieldViolations: [
        { field: "customer_id", description: "must not be empty" },
        { field: "items[0].quantity", description: "must be 1..10000" },
      ],
    });
    const error = new ConnectError("invalid order", Code.InvalidArgument, undefined, [
      { desc: BadRequestSchema, value: details },
    ]);
    expect(describeError(error)).toEqual({
      code: "InvalidArgument",
      title: "The request has invalid fields",
      message: "invalid order",
      violations: [
        { field: "customer_id", description: "must not be empty" },
        { field: "items[0].quantity", description: "must be 1..10000" },
      ],
    });
  });

  it("reads details as they arrive on the wire (type name and bytes)", () => {
    const value = toBinary(
      BadRequestSchema,
      create(BadRequestSchema, { fieldViolations: [{ field: "limit", description: "too big" }] }),
    );
    const error = new ConnectError("bad", Code.InvalidArgument);
    error.details.push({ type: BadRequestSchema.typeName, value });
    expect(describeError(error).violations).toEqual([{ field: "limit", description: "too big" }]);
  });

  it("names auth problems and unreachable services", () => {
    expect(
      describeError(new ConnectError("missing bearer token", Code.Unauthenticated)).title,
    ).toMatch(/Sign-in needed/);
    expect(describeError(new ConnectError("Failed to fetch", Code.Unknown)).title).toMatch(
      /could not be reached/,
    );
    expect(describeError(new Error("boom"))).toMatchObject({
      code: "Unknown",
      message: "boom",
      violations: [],
    });
  });
});
