/**
 * The one way a string value enters a Meilisearch filter expression.
 *
 * Meilisearch (since v1.4) reads a double-quoted value by skipping the character after every
 * `\`, stopping at the first unskipped `"`, then turning `\"` into `"` and `\\` into `\`. So
 * both characters must be escaped: escaping only `"` would let a value ending in `\` swallow the
 * closing quote and leave the rest of the user's text to be parsed as filter syntax.
 *
 * Everything else (brackets, commas, parentheses, keywords like `OR` / `IN` / `TO`, unicode,
 * whitespace) is inert inside the quotes and is left as is.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
