// Sums vitest's per-package "Tests  N passed | M failed" lines from a turbo log into one closing
// line, so a reader (or CI) sees the whole run's count at the end.
import { readFileSync } from "node:fs";

// ANSI colour codes, built from a string so the pattern holds no literal control character.
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const text = readFileSync(process.argv[2] ?? 0, "utf8").replace(ansi, "");
let passed = 0;
let failed = 0;
let skipped = 0;
for (const line of text.split("\n")) {
  const m = line.match(/\bTests\s+(.*)\(\d+\)\s*$/);
  if (!m) continue;
  const part = (label) => Number(m[1].match(new RegExp(`(\\d+) ${label}`))?.[1] ?? 0);
  passed += part("passed");
  failed += part("failed");
  skipped += part("skipped") + part("todo");
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
