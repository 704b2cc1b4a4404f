import type { FieldViolation } from "@orderlens/server";

/** Upper bound on the values of one repeated filter field, so one request stays one cheap query. */
export const maxFilterValues = 100;
/** Upper bound on one value, in Unicode code points; ids and names are far shorter. */
export const maxFilterValueLength = 200;

const loneSurrogate = /\p{Cs}/u;

/**
 * Violations of one repeated string field (`path` is its proto path, e.g. `filter.regions`).
 * A too-long list is reported once and its values are not inspected, so a hostile request
 * cannot inflate the error response.
 */
export function checkStringValues(values: readonly string[], path: string): FieldViolation[] {
  if (values.length > maxFilterValues) {
    return [{ field: path, description: `must have at most ${maxFilterValues} values` }];
  }
  const violations: FieldViolation[] = [];
  values.forEach((value, i) => {
    const problem = valueProblem(value);
    if (problem) violations.push({ field: `${path}[${i}]`, description: problem });
  });
  return violations;
}

function valueProblem(value: string): string | undefined {
  if (value.length > maxFilterValueLength && [...value].length > maxFilterValueLength) {
    return `must be at most ${maxFilterValueLength} characters`;
  }
  // Only reachable from in-process callers: protobuf decoding never yields lone surrogates,
  // and Meilisearch would reject the request body.
  if (loneSurrogate.test(value)) return "must be valid Unicode text";
  return undefined;
}
