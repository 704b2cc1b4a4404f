import { describe, expect, it } from "vitest";
import { parseTokens } from "./auth.js";

describe("parseTokens", () => {
  it("parses the ORDERLENS_TOKENS format", () => {
    const grants = parseTokens(
      "writer-token=orders:write; reader-token=reports:read;ops:ops-token=admin,orders:write",
    );
    expect(grants.map((g) => [g.token, g.scopes])).toEqual([
      ["writer-token", ["orders:write"]],
      ["reader-token", ["reports:read"]],
      ["ops-token", ["admin", "orders:write"]],
    ]);
    expect(grants[2]?.subject).toBe("ops");
    // No subject given: derived from the token's hash, never the token itself.
    expect(grants[0]?.subject).toMatch(/^token-[0-9a-f]{8}$/);
    expect(grants[0]?.subject).not.toContain("writer");
  });

  it("accepts empty input and rejects malformed entries without echoing them", () => {
    expect(parseTokens(undefined)).toEqual([]);
    expect(parseTokens(" ; ")).toEqual([]);
    expect(() => parseTokens("s3cr3t-without-scopes")).toThrow(/#1/);
    expect(() => parseTokens("s3cr3t-without-scopes")).not.toThrow(/s3cr3t/);
  });
});
