/** A string literal for DuckDB, for the places that take no parameter (COPY's target, SET VARIABLE). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
