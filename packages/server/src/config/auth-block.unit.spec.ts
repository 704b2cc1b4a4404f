import { describe, expect, it } from "vitest";
import { authFromEnv } from "./auth-block.js";
import { ConfigError } from "./config-error.js";

describe("shared auth settings", () => {
  it("has no tokens and auth on by default", () => {
    expect(authFromEnv({})).toEqual({ tokens: [], disabled: false });
  });

  it("reads tokens with their subjects and scopes, and the development switch", () => {
    const auth = authFromEnv({
      ORDERLENS_TOKENS: "ops:ops-token=admin,orders:write;reader-token=reports:read",
      ORDERLENS_AUTH_DISABLED: "true",
    });
    expect(auth.disabled).toBe(true);
    expect(auth.tokens.map((t) => [t.subject, t.scopes])).toEqual([
      ["ops", ["admin", "orders:write"]],
      [expect.stringMatching(/^token-[0-9a-f]{8}$/), ["reports:read"]],
    ]);
    expect(authFromEnv({ ORDERLENS_AUTH_DISABLED: "0" }).disabled).toBe(false);
  });

  it("refuses a malformed token list without printing any token", () => {
    const read = () => authFromEnv({ ORDERLENS_TOKENS: "good:secret-1=admin;secret-2" });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      'ORDERLENS_TOKENS must be "[subject:]token=scope,scope" entries separated by ";" (invalid token entry (expected [subject:]token=scopes): #2), got "(hidden)"',
    );
    expect(read).not.toThrow(/secret-/);
  });

  it("refuses an auth switch that is neither true nor false", () => {
    expect(() => authFromEnv({ ORDERLENS_AUTH_DISABLED: "maybe" })).toThrow(
      new ConfigError('ORDERLENS_AUTH_DISABLED must be true or false, got "maybe"'),
    );
  });
});
