/**
 * How Meilisearch (>= 1.4, crates/filter-parser `quoted_by` + `unescape` + the `unescaper`
 * pass) reads a double-quoted filter value, so quoting can be checked against the real
 * grammar and not only against the stand-in (which does not apply the last pass).
 */
export type QuotedRead = { ok: true; value: string; rest: string } | { ok: false; reason: string };

const simpleEscapes: Record<string, string> = {
  "\\": "\\",
  '"': '"',
  "'": "'",
  n: "\n",
  r: "\r",
  t: "\t",
  "0": "\0",
};

export function readMeiliQuoted(source: string): QuotedRead {
  if (source[0] !== '"') return { ok: false, reason: "not quoted" };
  let i = 1;
  // The scanner skips whatever follows a backslash and stops at the first unskipped quote.
  while (i < source.length && source[i] !== '"') {
    if (source[i] === "\\") {
      if (i + 1 >= source.length) return { ok: false, reason: "dangling backslash" };
      i += 2;
    } else {
      i += 1;
    }
  }
  if (i >= source.length) return { ok: false, reason: "missing closing quote" };
  const raw = source.slice(1, i).replaceAll('\\"', '"');
  let value = "";
  for (let j = 0; j < raw.length; j++) {
    const c = raw[j] as string;
    if (c !== "\\") {
      value += c;
      continue;
    }
    const escaped = simpleEscapes[raw[j + 1] ?? ""];
    if (escaped === undefined) return { ok: false, reason: `invalid escape at ${j}` };
    value += escaped;
    j += 1;
  }
  return { ok: true, value, rest: source.slice(i + 1) };
}
