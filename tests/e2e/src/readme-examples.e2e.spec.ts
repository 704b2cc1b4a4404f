import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { promisify } from "node:util";
import { OrderCommandService, ProjectorAdmin, ReportQueryService } from "@orderlens/contracts";
import { findGrpcurl } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type System, startSystem, tokens } from "./system-harness.js";

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, "../../..");
const readme = readFileSync(resolve(repoRoot, "README.md"), "utf8");
const section = readme.slice(
  readme.indexOf("<!-- examples:start -->"),
  readme.indexOf("<!-- examples:end -->"),
);
const examples = section
  .split("\n")
  .filter((l) => l.startsWith("grpcurl ") || l.startsWith("npx buf curl "));

let system: System;

beforeAll(async () => {
  system = await startSystem("readme examples");
});
afterAll(() => system.stop());

describe("the README's grpcurl and buf curl examples", () => {
  it("show every RPC with both tools", () => {
    const rpcs = [OrderCommandService, ReportQueryService, ProjectorAdmin].flatMap((s) =>
      s.methods.map((m) => `${s.typeName}/${m.name}`),
    );
    for (const rpc of rpcs) {
      expect(
        examples.some((e) => e.startsWith("grpcurl") && e.includes(rpc)),
        `grpcurl ${rpc}`,
      ).toBe(true);
      expect(
        examples.some((e) => e.startsWith("npx buf curl") && e.includes(rpc)),
        `buf curl ${rpc}`,
      ).toBe(true);
    }
  });

  it("all run, in order, against the real services", async () => {
    const env = {
      ...process.env,
      PATH: `${dirname(findGrpcurl())}:${resolve(repoRoot, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
      COMMAND: `127.0.0.1:${system.ports.command}`,
      QUERY: `127.0.0.1:${system.ports.query}`,
      PROJECTOR: `127.0.0.1:${system.ports.projector}`,
      WRITER: `authorization: Bearer ${tokens.writer}`,
      READER: `authorization: Bearer ${tokens.reader}`,
      ADMIN: `authorization: Bearer ${tokens.admin}`,
    };
    const outputs: Record<string, unknown>[] = [];
    for (const command of examples) {
      const result = await run("bash", ["-c", command], {
        cwd: repoRoot,
        env,
        timeout: 30_000,
      }).catch((error: { stderr?: string; stdout?: string }) => {
        throw new Error(
          `README example failed: ${command}\n${error.stderr ?? ""}${error.stdout ?? ""}`,
        );
      });
      outputs.push(firstJsonObject(result.stdout));
    }
    const getOrder = outputs[examples.findIndex((e) => e.includes("GetOrder"))];
    expect(getOrder).toMatchObject({
      minVersionReached: true,
      order: { orderId: "readme-order-1", status: "ORDER_STATUS_COMPLETED" },
    });
    const lastOutputOf = (rpc: string) =>
      outputs[examples.length - 1 - [...examples].reverse().findIndex((e) => e.includes(rpc))];
    expect(lastOutputOf("ProjectorAdmin/Verify")).toMatchObject({ clean: true });
    expect(lastOutputOf("ProjectorAdmin/Rebuild")).toMatchObject({
      generation: expect.stringMatching(/^g[0-9a-z]+$/),
    });
    // This month's completed lines: readme-order-1 (sku-1, sku-3) and readme-order-3 (sku-1),
    // exported twice (grpcurl, then buf curl): the second replaced the first's file.
    expect(lastOutputOf("ProjectorAdmin/ExportHistory")).toMatchObject({
      totalRows: "3",
      files: 1,
    });
  });
});

/** A stream prints one JSON object per message: the first of them, or {} for no output. */
function firstJsonObject(stdout: string): Record<string, unknown> {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < stdout.length; i++) {
    const c = stdout[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      return JSON.parse(stdout.slice(stdout.indexOf("{"), i + 1)) as Record<string, unknown>;
    }
  }
  return {};
}
