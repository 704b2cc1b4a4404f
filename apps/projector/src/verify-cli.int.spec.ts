import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { toDocumentId } from "@orderlens/meili-indexes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  masterKey,
  type ProjectorHarness,
  startProjectorHarness,
} from "../test/projector-harness.js";

const run = promisify(execFile);
let h: ProjectorHarness;

beforeAll(async () => {
  h = await startProjectorHarness("verify cli");
  await h.startProjector();
  const events = await h.append("o-cli", [
    {
      type: "OrderCreated",
      orderId: "o-cli",
      customerId: "c",
      region: "eu",
      currency: "EUR",
      items: [{ productId: "p", productName: "P", quantity: 1, unitPriceMinor: 700 }],
      createdAt: Date.parse("2026-07-01T00:00:00Z"),
    },
  ]);
  await h.publish(events);
  await h.converged();
});
afterAll(() => h.stop());

async function verifyCli(): Promise<{ code: number; stdout: string }> {
  const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  const env = {
    ...process.env,
    MYSQL_URL: h.config.mysqlUrl,
    PROJECTOR_MYSQL_URL: h.config.readMysqlUrl,
    MEILI_URL: h.meili.url,
    MEILI_API_KEY: masterKey,
  };
  return run(process.execPath, [cli, "verify"], { env }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}

describe("projector verify (CLI)", () => {
  it("exits 0 and says clean when the indexes equal a replay", async () => {
    const { code, stdout } = await verifyCli();
    expect(stdout).toMatch(/^clean: 1 events replayed, \d+ documents checked, 0 differences$/m);
    expect(code).toBe(0);
  });

  it("exits non-zero and lists the difference when a document was tampered with", async () => {
    const p = h.projectors[0];
    if (!p) throw new Error("no projector");
    await p.sync.stop(); // nothing may repair it before we look
    await p.meili
      .index(p.indexes.orders)
      .updateDocuments([{ id: toDocumentId("o-cli"), totalMinor: 1 }])
      .waitTask();
    const { code, stdout } = await verifyCli();
    expect(code).toBe(1);
    expect(stdout).toContain("orders\to-cli\ttotalMinor\texpected 700\tactual 1");
    expect(stdout).toMatch(/^DIFFERENT: .* 1 differences$/m);
  });
});
