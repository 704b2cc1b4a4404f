import { describe, expect, it } from "vitest";
import { normalizePeer, remainingMs } from "./grpc-js-call.js";

describe("grpc-js call context", () => {
  it("turns the client's deadline into the time left, never negative, none when unset", () => {
    const now = 1_000_000;
    expect(remainingMs(now + 150, now)).toBe(150);
    expect(remainingMs(new Date(now + 2_000), now)).toBe(2_000);
    expect(remainingMs(now - 5, now)).toBe(0);
    expect(remainingMs(Number.POSITIVE_INFINITY, now)).toBeUndefined();
  });

  it("shows peers as host:port, like the HTTP/1.1 side", () => {
    expect(normalizePeer("ipv4:127.0.0.1:50123")).toBe("127.0.0.1:50123");
    expect(normalizePeer("ipv6:[::1]:50123")).toBe("[::1]:50123");
  });
});
