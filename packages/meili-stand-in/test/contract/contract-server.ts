/**
 * The contract suite's connection: the stand-in by default; a real Meilisearch started for the
 * spec file with ORDERLENS_TEST_MEILI=real; or, unchanged, a running one when MEILI_URL (and
 * MEILI_MASTER_KEY) are set. Index uids are unique per run (and per spec file) and deleted
 * afterwards, so the suite can share a real server.
 */

import { startTestMeili, type TestMeili } from "@orderlens/testing";
import { Meilisearch, MeilisearchApiError, type Task } from "meilisearch";
import { afterAll, beforeAll, expect } from "vitest";
import { silentLogger, startMeiliStandIn } from "../../src/index.js";

const REAL_URL = process.env.MEILI_URL;
export const MASTER_KEY = REAL_URL ? process.env.MEILI_MASTER_KEY : "contract-master-key";
export const RUN = `ct_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
export const uid = (name: string): string => `${RUN}_${name}`;

/** The master-key client of the server this spec file talks to (set before its tests run). */
export let client: Meilisearch;
/** That server's URL. */
export let host: string;

/**
 * Connects the calling spec file to its server: a stand-in of its own, or the real server. After
 * its tests, this run's indexes are deleted and the stand-in stops.
 */
export function useContractServer(): void {
  let server: TestMeili | null = null;
  beforeAll(async () => {
    if (REAL_URL && !MASTER_KEY) {
      throw new Error(
        "MEILI_URL is set: MEILI_MASTER_KEY is required too (keys are part of the contract)",
      );
    }
    server = REAL_URL
      ? null
      : await startTestMeili({
          masterKey: MASTER_KEY,
          standIn: (o) => startMeiliStandIn({ ...o, logger: silentLogger }),
        });
    host = REAL_URL ?? server?.url ?? "";
    client = new Meilisearch({ host, apiKey: MASTER_KEY, defaultWaitOptions: { timeout: 20_000 } });
  });
  afterAll(async () => {
    if (client) {
      const { results } = await client.getIndexes({ limit: 1000 });
      for (const i of results) {
        if (i.uid.startsWith(RUN)) await client.deleteIndex(i.uid).waitTask();
      }
    }
    await server?.close();
  });
}

export async function expectApiError(
  p: Promise<unknown>,
  code: string,
  status?: number,
): Promise<MeilisearchApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MeilisearchApiError);
    const err = e as MeilisearchApiError;
    expect(err.cause?.code).toBe(code);
    expect(err.cause?.link).toBe(`https://docs.meilisearch.com/errors#${code}`);
    expect(typeof err.cause?.message).toBe("string");
    expect(typeof err.cause?.type).toBe("string");
    if (status !== undefined) expect(err.response.status).toBe(status);
    return err;
  }
  throw new Error(`expected the call to fail with ${code}`);
}

export const succeeded = (t: Task): Task => {
  expect(t.error).toBeNull();
  expect(t.status).toBe("succeeded");
  return t;
};

export const ids = (hits: readonly object[]): string[] =>
  hits.map((h) => String((h as { id?: unknown }).id));
export const sorted = (xs: string[]): string[] => [...xs].sort();
