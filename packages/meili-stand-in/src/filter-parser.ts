import { badRequest, type MeiliError, unsupported } from "./errors.js";
import type { Comparison, FilterNode, Span } from "./filter-ast.js";
import { EXPECTED_OPERATION, filterError, KEYWORDS, lex, type Token } from "./filter-lexer.js";

/**
 * Parser for Meilisearch's filter grammar (string and array-of-arrays forms). Keywords are
 * upper-case only, as in milli's filter-parser; quoted values only unescape their own quote.
 */
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
