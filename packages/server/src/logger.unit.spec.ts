import { describe, expect, it } from "vitest";
import { createLogger, type LogLevel } from "./logger.js";

function collect(level: LogLevel = "debug") {
  const raw: string[] = [];
  const logger = createLogger({ service: "svc", level, write: (line) => raw.push(line) });
  return { logger, raw, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("the structured logger", () => {
  it("writes one JSON line per call: time, level name, service, msg and the fields", () => {
    const { logger, raw, lines } = collect();
    logger.info("order placed", { orderId: "o-1", items: 2 });
    expect(raw).toHaveLength(1);
    expect(raw[0]?.endsWith("}\n")).toBe(true);
    expect(raw[0]?.split("\n")).toHaveLength(2);
    const [line] = lines();
    expect(line).toEqual({
      time: expect.any(String),
      level: "info",
      service: "svc",
      msg: "order placed",
      orderId: "o-1",
      items: 2,
    });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it("writes only at its level and above", () => {
    const { logger, lines } = collect("warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e", { code: "INTERNAL" });
    expect(lines().map((l) => [l.level, l.msg])).toEqual([
      ["warn", "w"],
      ["error", "e"],
    ]);
    expect(logger.level).toBe("warn");
    expect([logger.isEnabled("info"), logger.isEnabled("warn"), logger.isEnabled("error")]).toEqual(
      [false, true, true],
    );
  });

  it("adds a child's fields to every line; fields never replace the envelope", () => {
    const { logger, lines } = collect();
    const child = logger.child({ component: "relay", service: "not-me" });
    child.info("published", { count: 3, msg: "not me", level: "fatal", time: 0 });
    child.child({ partition: 2 }).warn("slow");
    expect(lines()).toEqual([
      expect.objectContaining({ level: "info", service: "svc", msg: "published", count: 3 }),
      expect.objectContaining({ component: "relay", partition: 2, msg: "slow", level: "warn" }),
    ]);
    expect(lines()[0]).toMatchObject({ component: "relay" });
    expect(typeof lines()[0]?.time).toBe("string");
    expect(child.level).toBe("debug");
  });

  it("writes bigints as decimal strings and Errors as name, message and stack, at any depth", () => {
    const { logger, lines } = collect();
    const error = new TypeError("boom");
    logger.error("failed", {
      position: 9_007_199_254_740_993n,
      error,
      batch: { versions: [1n, 2n], cause: new RangeError("deep") },
      at: new Date("2026-01-02T03:04:05.000Z"),
    });
    const [line] = lines();
    expect(line?.position).toBe("9007199254740993");
    expect(line?.error).toEqual({ name: "TypeError", message: "boom", stack: error.stack });
    expect(line?.batch).toEqual({
      versions: ["1", "2"],
      cause: expect.objectContaining({ name: "RangeError", message: "deep" }),
    });
    expect(line?.at).toBe("2026-01-02T03:04:05.000Z");
    logger.child({ position: 5n }).info("bound");
    expect(lines()[1]?.position).toBe("5");
  });

  it("never throws: not for a cycle, a throwing getter, or a failing sink", () => {
    const { logger, lines } = collect();
    const cyclic: Record<string, unknown> = { name: "a" };
    cyclic.self = cyclic;
    logger.info("cycle", { cyclic });
    expect(lines()[0]?.cyclic).toEqual({ name: "a", self: "[Circular]" });
    const hostile = {
      get value(): never {
        throw new Error("getter");
      },
    };
    expect(() => logger.info("hostile", { hostile })).not.toThrow();
    const failing = createLogger({
      service: "svc",
      level: "info",
      write: () => {
        throw new Error("disk full");
      },
    });
    expect(() => failing.info("lost")).not.toThrow();
  });
});
