import type { ReactNode } from "react";

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Numbers align right. */
  numeric?: boolean;
}

/** A table of rows; with `collapsed`, behind a disclosure (the chart's text alternative). */
export function DataTable<Row>(props: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  collapsed?: boolean;
  testId?: string;
}) {
  const table = (
    <table data-testid={props.testId}>
      <caption className={props.collapsed ? "visually-hidden" : undefined}>{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c.header} scope="col" className={c.numeric ? "num" : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={props.rowKey(row)} data-key={props.rowKey(row)}>
            {props.columns.map((c) => (
              <td key={c.header} className={c.numeric ? "num" : undefined}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (!props.collapsed) return table;
  return (
    <details className="table-toggle">
      <summary>{props.caption} as a table</summary>
      {table}
    </details>
  );
}
