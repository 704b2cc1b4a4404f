import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { headersToMetadata, metadataToHeaders } from "./grpc-js-metadata.js";

describe("grpc-js metadata <-> Headers", () => {
  it("gives request metadata to handlers as Headers, binary values in base64", () => {
    const metadata = new grpc.Metadata();
    metadata.add("authorization", "Bearer t");
    metadata.add("x-tag", "a");
    metadata.add("x-tag", "b");
    metadata.add("x-trace-bin", Buffer.from([0, 1, 255]));
    const headers = metadataToHeaders(metadata);
    expect(headers.get("authorization")).toBe("Bearer t");
    expect(headers.get("x-tag")).toBe("a, b");
    expect(headers.get("x-trace-bin")).toBe(Buffer.from([0, 1, 255]).toString("base64"));
  });

  it("sends what handlers set, decoding -bin values and dropping keys grpc-js owns", () => {
    const headers = new Headers({
      "x-watched": "2",
      "x-ids-bin": `${Buffer.from("one").toString("base64")}, ${Buffer.from("two").toString("base64")}`,
      "content-type": "text/plain",
      te: "gzip",
      "grpc-status": "0",
      "grpc-message": "forged",
      "grpc-encoding": "gzip",
    });
    const metadata = headersToMetadata(headers);
    expect(metadata.getMap()).toEqual({ "x-watched": "2", "x-ids-bin": Buffer.from("one") });
    expect(metadata.get("x-ids-bin")).toEqual([Buffer.from("one"), Buffer.from("two")]);
  });
});
