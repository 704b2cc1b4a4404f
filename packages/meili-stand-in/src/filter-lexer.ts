import { badRequest, type MeiliError } from "./errors.js";
import type { Span } from "./filter-ast.js";
import { locate } from "./filter-ast.js";

// The lexer of Meilisearch's filter grammar: words, quoted values (with Meilisearch's escape
// rules), comparison operators and punctuation, each with its position for error messages.

export type Token = {
  type: "word" | "quoted" | "op" | "(" | ")" | "[" | "]" | ",";
  text: string;
  start: number;
  end: number;
};

export const KEYWORDS = new Set(["AND", "OR", "NOT", "TO", "EXISTS", "IS", "IN", "NULL", "EMPTY"]);
const SYNTAX = new Set(["=", "!", "<", ">", "(", ")", "[", "]", ",", "'", '"']);
export const EXPECTED_OPERATION =
  "Was expecting an operation `=`, `!=`, `>=`, `>`, `<=`, `<`, `IN`, `NOT IN`, `TO`, `EXISTS`, `NOT EXISTS`, `IS NULL`, `IS NOT NULL`, `IS EMPTY`, `IS NOT EMPTY`, `CONTAINS`, `NOT CONTAINS`, `STARTS WITH`, `NOT STARTS WITH`, `_geoRadius`, or `_geoBoundingBox`";

export const filterError = (message: string, span: Span, code: string): MeiliError =>
  badRequest(code, `${message}${locate(span)}`);

/** A quoted value starting at `start`, its escapes resolved. */
function lexQuoted(source: string, start: number, code: string): Token {
  const quote = source[start] as string;
  let j = start + 1;
  let raw = "";
  // As Meilisearch's filter-parser: a backslash protects the next character from ending the
  // value; escapes are resolved afterwards (unescapeValue).
  while (j < source.length && source[j] !== quote) {
    if (source[j] === "\\" && j + 1 < source.length) {
      raw += source.slice(j, j + 2);
      j += 2;
    } else {
      raw += source[j];
      j++;
    }
  }
  if (j >= source.length) {
    throw filterError(
      `Expression \`${source.slice(start)}\` is missing the following closing delimiter: \`${quote}\`.`,
      { source, start, end: source.length },
      code,
    );
  }
  const text = unescapeValue(raw, quote, () =>
    filterError(
      `Malformed value \`${raw}\`: invalid escape sequence.`,
      { source, start, end: j + 1 },
      code,
    ),
  );
  return { type: "quoted", text, start, end: j + 1 };
}

/** Splits a filter string into tokens; keywords stay words, the parser tells them apart. */
export function lex(source: string, code: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const token = lexQuoted(source, i, code);
      tokens.push(token);
      i = token.end;
      continue;
    }
    if (c === "!" || c === "<" || c === ">") {
      const op = source[i + 1] === "=" ? `${c}=` : c;
      if (op === "!") {
        throw filterError(
          `${EXPECTED_OPERATION} at \`!\`.`,
          { source, start: i, end: i + 1 },
          code,
        );
      }
      tokens.push({ type: "op", text: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    if (c === "=") {
      tokens.push({ type: "op", text: "=", start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === "(" || c === ")" || c === "[" || c === "]" || c === ",") {
      tokens.push({ type: c, text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    let j = i;
    while (
      j < source.length &&
      !/\s/.test(source[j] as string) &&
      !SYNTAX.has(source[j] as string)
    ) {
      j++;
    }
    tokens.push({ type: "word", text: source.slice(i, j), start: i, end: j });
    i = j;
  }
  return tokens;
}

const simpleEscapes: Record<string, string> = {
  "\\": "\\",
  '"': '"',
  "'": "'",
  "/": "/",
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  "0": "\0",
};

/**
 * Meilisearch resolves escapes in quoted values in two steps: `\<quote>` becomes the quote, then
 * the usual escape sequences (`\\`, `\n`, `\t`, `\u{...}` ...) are unescaped; an unknown escape
 * is a malformed value.
 */
function unescapeValue(raw: string, quote: string, malformed: () => Error): string {
  const unquoted = raw.split(`\\${quote}`).join(quote);
  if (!unquoted.includes("\\")) return unquoted;
  let out = "";
  for (let k = 0; k < unquoted.length; k++) {
    const ch = unquoted[k] as string;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = unquoted[k + 1];
    if (next === undefined) throw malformed();
    const simple = simpleEscapes[next];
    if (simple !== undefined) {
      out += simple;
      k++;
      continue;
    }
    if (next === "u") {
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(unquoted.slice(k + 2));
      const plain = /^[0-9a-fA-F]{4}/.exec(unquoted.slice(k + 2));
      const hex = braced?.[1] ?? plain?.[0];
      const cp = hex === undefined ? Number.NaN : Number.parseInt(hex, 16);
      if (!Number.isInteger(cp) || cp > 0x10ffff) throw malformed();
      out += String.fromCodePoint(cp);
      k += 1 + (braced ? braced[0].length : 4);
      continue;
    }
    throw malformed();
  }
  return out;
}
