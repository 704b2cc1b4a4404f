import { describe, expect, it } from "vitest";
import { classifyConnection, HTTP2_PREFACE } from "./one-port-listener.js";

describe("classifyConnection", () => {
  it("needs the whole preface to choose HTTP/2, and one differing byte to choose HTTP/1.1", () => {
    expect(classifyConnection(Buffer.from("PRI"))).toBe("undecided");
    expect(classifyConnection(HTTP2_PREFACE)).toBe("http2");
    expect(classifyConnection(Buffer.concat([HTTP2_PREFACE, Buffer.from([0, 0, 4])]))).toBe(
      "http2",
    );
    expect(classifyConnection(Buffer.from("POST /x HTTP/1.1\r\n"))).toBe("http1");
    expect(classifyConnection(Buffer.from("PRX"))).toBe("http1");
  });
});
