import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { packageBin } from "./package-bin.js";

const repoRoot = resolve(import.meta.dirname, "../../..");

describe("packageBin", () => {
  it("finds a workspace's bin through its package.json, by name or the only one", () => {
    const cli = resolve(repoRoot, "apps/command-svc/dist/cli.js");
    expect(packageBin("@orderlens/command-svc", "orderlens-command-svc")).toBe(cli);
    expect(packageBin("@orderlens/command-svc")).toBe(cli);
    expect(packageBin("@orderlens/meili-stand-in")).toBe(
      resolve(repoRoot, "packages/meili-stand-in/dist/cli.js"),
    );
  });

  it("says so when the package has no such bin", () => {
    expect(() => packageBin("@orderlens/command-svc", "nope")).toThrow(
      "@orderlens/command-svc has no bin named nope",
    );
    expect(() => packageBin("@orderlens/meili-indexes")).toThrow(
      "@orderlens/meili-indexes has no bin",
    );
  });
});
