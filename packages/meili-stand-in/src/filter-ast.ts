/** Filter expressions after parsing; both the string and the array syntaxes end up here. */
export type Span = { source: string; start: number; end: number };

export type Comparison = "=" | "!=" | ">" | ">=" | "<" | "<=";

export type FilterLeaf =
  | { kind: "compare"; attr: string; span: Span; op: Comparison; value: string }
  | { kind: "range"; attr: string; span: Span; from: string; to: string }
  | { kind: "in"; attr: string; span: Span; values: string[] }
  | { kind: "exists"; attr: string; span: Span }
  | { kind: "null"; attr: string; span: Span }
  | { kind: "empty"; attr: string; span: Span };

export type FilterNode =
  | FilterLeaf
  | { kind: "and"; children: FilterNode[] }
  | { kind: "or"; children: FilterNode[] }
  | { kind: "not"; child: FilterNode };

/** Meilisearch appends `\n<start>:<end> <filter>` (1-based columns) to filter errors. */
export const locate = (span: Span): string => `\n${span.start + 1}:${span.end + 1} ${span.source}`;

export function* leaves(node: FilterNode): Generator<FilterLeaf> {
  switch (node.kind) {
    case "and":
    case "or":
      for (const c of node.children) yield* leaves(c);
      return;
    case "not":
      yield* leaves(node.child);
      return;
    default:
      yield node;
  }
}
