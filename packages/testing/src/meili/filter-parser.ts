import { badRequest, type MeiliError, unsupported } from "./errors.js";
import type { Comparison, FilterNode, Span } from "./filter-ast.js";
import { locate } from "./filter-ast.js";

/**
 * Parser for Meilisearch's filter grammar (string and array-of-arrays forms). Keywords are
 * upper-case only, as in milli's filter-parser; quoted values only unescape their own quote.
 */
type Token = {
  type: "word" | "quoted" | "op" | "(" | ")" | "[" | "]" | ",";
  text: string;
  start: number;
  end: number;
};

const KEYWORDS = new Set(["AND", "OR", "NOT", "TO", "EXISTS", "IS", "IN", "NULL", "EMPTY"]);
const SYNTAX = new Set(["=", "!", "<", ">", "(", ")", "[", "]", ",", "'", '"']);
const EXPECTED_OPERATION =
  "Was expecting an operation `=`, `!=`, `>=`, `>`, `<=`, `<`, `IN`, `NOT IN`, `TO`, `EXISTS`, `NOT EXISTS`, `IS NULL`, `IS NOT NULL`, `IS EMPTY`, `IS NOT EMPTY`, `CONTAINS`, `NOT CONTAINS`, `STARTS WITH`, `NOT STARTS WITH`, `_geoRadius`, or `_geoBoundingBox`";

const filterError = (message: string, span: Span, code: string): MeiliError =>
  badRequest(code, `${message}${locate(span)}`);

function lex(source: string, code: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let raw = "";
      // As Meilisearch's filter-parser: a backslash protects the next character from ending the
      // value; escapes are resolved afterwards (unescapeValue).
      while (j < source.length && source[j] !== c) {
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
          `Expression \`${source.slice(i)}\` is missing the following closing delimiter: \`${c}\`.`,
          { source, start: i, end: source.length },
          code,
        );
      }
      const text = unescapeValue(raw, c, () =>
        filterError(
          `Malformed value \`${raw}\`: invalid escape sequence.`,
          { source, start: i, end: j + 1 },
          code,
        ),
      );
      tokens.push({ type: "quoted", text, start: i, end: j + 1 });
      i = j + 1;
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

class Parser {
  private pos = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly code: string,
  ) {}

  parse(): FilterNode {
    const node = this.or();
    const rest = this.peek();
    if (rest) {
      throw this.error(
        `Found unexpected characters at the end of the filter: \`${this.source.slice(rest.start)}\`. You probably forgot an \`OR\` or an \`AND\` rule.`,
        rest.start,
        this.source.length,
      );
    }
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private isKeyword(t: Token | undefined, kw: string): boolean {
    return t !== undefined && t.type === "word" && t.text === kw;
  }

  private error(message: string, start: number, end: number): MeiliError {
    return filterError(message, { source: this.source, start, end }, this.code);
  }

  private or(): FilterNode {
    const children = [this.and()];
    while (this.isKeyword(this.peek(), "OR")) {
      this.pos++;
      children.push(this.and());
    }
    return children.length === 1 ? (children[0] as FilterNode) : { kind: "or", children };
  }

  private and(): FilterNode {
    const children = [this.not()];
    while (this.isKeyword(this.peek(), "AND")) {
      this.pos++;
      children.push(this.not());
    }
    return children.length === 1 ? (children[0] as FilterNode) : { kind: "and", children };
  }

  private not(): FilterNode {
    if (this.isKeyword(this.peek(), "NOT")) {
      this.pos++;
      return { kind: "not", child: this.not() };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    const t = this.peek();
    if (t === undefined) {
      throw this.error(
        "Was expecting a value but instead got nothing.",
        this.source.length,
        this.source.length,
      );
    }
    if (t.type === "(") {
      this.pos++;
      const inner = this.or();
      const close = this.peek();
      if (close?.type !== ")") {
        throw this.error(
          `Expression \`${this.source.slice(t.start)}\` is missing the following closing delimiter: \`)\`.`,
          t.start,
          this.source.length,
        );
      }
      this.pos++;
      return inner;
    }
    if (t.type === "word" && /^_geo(Radius|BoundingBox|Polygon|Point)\b/.test(t.text)) {
      throw unsupported(`geo filters (\`${t.text}\`)`);
    }
    return this.condition();
  }

  private value(what: string): Token {
    const t = this.peek();
    if (t === undefined) {
      throw this.error(
        `Was expecting ${what} but instead got nothing.`,
        this.source.length,
        this.source.length,
      );
    }
    if (t.type === "quoted" || (t.type === "word" && !KEYWORDS.has(t.text))) {
      this.pos++;
      return t;
    }
    if (t.type === "word") {
      throw this.error(
        `Was expecting ${what} but instead got \`${t.text}\`, which is a reserved keyword. To use \`${t.text}\` as a field name or a value, surround it by quotes.`,
        t.start,
        t.end,
      );
    }
    throw this.error(`Was expecting ${what} but instead got \`${t.text}\`.`, t.start, t.end);
  }

  private condition(): FilterNode {
    const attrTok = this.value("a value");
    const attr = attrTok.text;
    const span: Span = { source: this.source, start: attrTok.start, end: attrTok.end };
    const next = this.peek();
    const fail = (): MeiliError =>
      this.error(`${EXPECTED_OPERATION} at \`${attr}\`.`, attrTok.start, attrTok.end);
    if (next === undefined) throw fail();
    if (next.type === "op") {
      this.pos++;
      const v = this.value("a value");
      return { kind: "compare", attr, span, op: next.text as Comparison, value: v.text };
    }
    if (next.type !== "word" && next.type !== "quoted") throw fail();
    switch (next.type === "word" ? next.text : "") {
      case "IN":
        this.pos++;
        return { kind: "in", attr, span, values: this.list(next) };
      case "EXISTS":
        this.pos++;
        return { kind: "exists", attr, span };
      case "IS":
        return this.isCondition(attr, span);
      case "NOT": {
        const after = this.peek(1);
        if (this.isKeyword(after, "IN")) {
          this.pos += 2;
          return {
            kind: "not",
            child: { kind: "in", attr, span, values: this.list(after as Token) },
          };
        }
        if (this.isKeyword(after, "EXISTS")) {
          this.pos += 2;
          return { kind: "not", child: { kind: "exists", attr, span } };
        }
        if (after?.type === "word" && (after.text === "CONTAINS" || after.text === "STARTS")) {
          throw unsupported(`the \`${after.text}\` filter operator`);
        }
        throw fail();
      }
      case "CONTAINS":
      case "STARTS":
        throw unsupported(`the \`${next.text}\` filter operator`);
      default: {
        if (!this.isKeyword(this.peek(1), "TO")) throw fail();
        const from = this.value("a value");
        this.pos++;
        const to = this.value("a value");
        return { kind: "range", attr, span, from: from.text, to: to.text };
      }
    }
  }

  private isCondition(attr: string, span: Span): FilterNode {
    this.pos++;
    const negate = this.isKeyword(this.peek(), "NOT");
    if (negate) this.pos++;
    const t = this.peek();
    let leaf: FilterNode;
    if (this.isKeyword(t, "NULL")) leaf = { kind: "null", attr, span };
    else if (this.isKeyword(t, "EMPTY")) leaf = { kind: "empty", attr, span };
    else throw this.error(`${EXPECTED_OPERATION} at \`${attr}\`.`, span.start, span.end);
    this.pos++;
    return negate ? { kind: "not", child: leaf } : leaf;
  }

  private list(inTok: Token): string[] {
    const open = this.peek();
    if (open?.type !== "[") {
      throw this.error("Expected `[` after `IN` keyword.", inTok.start, inTok.end);
    }
    this.pos++;
    const values: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t === undefined) {
        throw this.error(
          `Expression \`${this.source.slice(open.start)}\` is missing the following closing delimiter: \`]\`.`,
          open.start,
          this.source.length,
        );
      }
      if (t.type === "]") {
        this.pos++;
        return values;
      }
      values.push(this.value("a value").text);
      const sep = this.peek();
      if (sep?.type === ",") this.pos++;
      else if (sep?.type !== "]") {
        throw this.error(
          `Expected only comma-separated field names inside \`IN[..]\` but instead found \`${this.source.slice(sep?.start ?? this.source.length)}\`.`,
          sep?.start ?? this.source.length,
          this.source.length,
        );
      }
    }
  }
}

/** Parses one filter string; `null` means an empty filter (no restriction), as in milli. */
export function parseFilterString(
  source: string,
  code = "invalid_search_filter",
): FilterNode | null {
  if (source.trim() === "") return null;
  return new Parser(source, lex(source, code), code).parse();
}

/**
 * Accepts Meilisearch's `filter` value: a string, or an array whose items are strings
 * (AND-ed) or arrays of strings (OR-ed).
 */
export function parseFilter(filter: unknown, code = "invalid_search_filter"): FilterNode | null {
  if (filter === null || filter === undefined) return null;
  if (typeof filter === "string") return parseFilterString(filter, code);
  if (!Array.isArray(filter)) {
    throw badRequest(
      code,
      `Invalid syntax for the filter parameter: \`expected String, Array, found: ${JSON.stringify(filter)}\`.`,
    );
  }
  const ands: FilterNode[] = [];
  for (const item of filter) {
    if (typeof item === "string") {
      const n = parseFilterString(item, code);
      if (n) ands.push(n);
    } else if (Array.isArray(item)) {
      const ors: FilterNode[] = [];
      for (const inner of item) {
        if (typeof inner !== "string") {
          throw badRequest(
            code,
            `Invalid syntax for the filter parameter: \`expected String, found: ${JSON.stringify(inner)}\`.`,
          );
        }
        const n = parseFilterString(inner, code);
        if (n) ors.push(n);
      }
      if (ors.length === 1) ands.push(ors[0] as FilterNode);
      else if (ors.length > 1) ands.push({ kind: "or", children: ors });
    } else {
      throw badRequest(
        code,
        `Invalid syntax for the filter parameter: \`expected String, [String], found: ${JSON.stringify(item)}\`.`,
      );
    }
  }
  if (ands.length === 0) return null;
  return ands.length === 1 ? (ands[0] as FilterNode) : { kind: "and", children: ands };
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
