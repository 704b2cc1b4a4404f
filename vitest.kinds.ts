// Every workspace's vitest config: one project per test kind, named by the spec file
// (`*.unit.spec.ts`, `*.int.spec.ts`, `*.e2e.spec.ts`). `vitest run` runs them all;
// `vitest run --project unit` (`npm run test:unit` at the root) runs only the pure ones, which
// need no MariaDB, no RabbitMQ, no port and no network.
import { defineConfig } from "vitest/config";

export const testKindNames = ["unit", "int", "e2e"] as const;

export interface TestKindOptions {
  /** Folders holding specs; default src and test. */
  roots?: string[];
  testTimeout?: number;
  hookTimeout?: number;
  /** False runs the files one at a time (heavy end-to-end files on two cores). */
  fileParallelism?: boolean;
}

export function testKinds(options: TestKindOptions = {}) {
  const roots = options.roots ?? ["src", "test"];
  const specs = (kind: string) => roots.map((root) => `${root}/**/*.${kind}.spec.{ts,tsx}`);
  return defineConfig({
    test: {
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: options.hookTimeout ?? 60_000,
      ...(options.fileParallelism === undefined
        ? {}
        : { fileParallelism: options.fileParallelism }),
      projects: testKindNames.map((kind) => ({
        extends: true,
        test: { name: kind, include: specs(kind) },
      })),
    },
  });
}
