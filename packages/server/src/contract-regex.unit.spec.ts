import { type DescField, getOption } from "@bufbuild/protobuf";
import {
  type FieldRules,
  field as fieldRules,
} from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { orderlensFiles } from "@orderlens/contracts";
import { describe, expect, it } from "vitest";
import { contractRegexMatch, isLinearPattern } from "./contract-regex.js";

/** Every `string.pattern` of our contracts, list items included. */
function contractPatterns(): string[] {
  const patterns: string[] = [];
  const collect = (rules: FieldRules) => {
    if (rules.type.case === "string" && rules.type.value.pattern) {
      patterns.push(rules.type.value.pattern);
    }
    if (rules.type.case === "repeated" && rules.type.value.items) {
      collect(rules.type.value.items);
    }
  };
  const fields = (f: DescField) => collect(getOption(f, fieldRules));
  for (const file of orderlensFiles) for (const m of file.messages) m.fields.forEach(fields);
  return patterns;
}

describe("contract patterns matched by V8", () => {
  it("are all linear-time shapes, so no request can make one backtrack", () => {
    const patterns = contractPatterns();
    expect(patterns.length).toBeGreaterThan(5);
    for (const p of patterns) expect(isLinearPattern(p), p).toBe(true);
  });

  it("tells a catastrophic shape from a safe one", () => {
    expect(isLinearPattern("^(a+)+$")).toBe(false);
    expect(isLinearPattern("^(\\w*x)*$")).toBe(false);
    expect(isLinearPattern("[a-z]+")).toBe(false);
    expect(isLinearPattern("^(\\P{Cc}*[^\\p{Cc}\\s])?$")).toBe(true);
  });

  it("match like RE2 on what the contracts use: classes, Unicode categories, anchors", () => {
    expect(contractRegexMatch("^[A-Za-z0-9._:-]*$", "o-1.a_b:c")).toBe(true);
    expect(contractRegexMatch("^[A-Za-z0-9._:-]*$", "o 1")).toBe(false);
    expect(contractRegexMatch("^\\P{Cc}*$", "tea 🍵")).toBe(true);
    expect(contractRegexMatch("^\\P{Cc}*$", "tea\n")).toBe(false);
    expect(contractRegexMatch("^(\\P{Cc}*[^\\p{Cc}\\s])?$", "eu west")).toBe(true);
    expect(contractRegexMatch("^(\\P{Cc}*[^\\p{Cc}\\s])?$", "eu ")).toBe(false);
  });

  it("stays linear on a megabyte of near-misses", () => {
    const started = performance.now();
    contractRegexMatch("^(\\P{Cc}*[^\\p{Cc}\\s])?$", `${"a ".repeat(512 * 1024)} `);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
