import type { ReactNode } from "react";

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Numbers align right. */
  numeric?: boolean;
  /** Names the column's cells (data-column), for tests and styles. */
  id?: string;
}

/**
 * A table of rows; with `collapsed`, behind a disclosure (a chart's text alternative); with
 * `scroll`, in a horizontally scrolling box for narrow screens.
 */
export function DataTable<Row>(props: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  collapsed?: boolean;
  scroll?: boolean;
  /** A visible caption, or one for assistive technology only. */
  captionHidden?: boolean;
  testId?: string;
}) {
  const table = (
    <table data-testid={props.testId}>
      <caption className={props.collapsed || props.captionHidden ? "visually-hidden" : undefined}>
        {props.caption}
      </caption>
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
              <td key={c.header} className={c.numeric ? "num" : undefined} data-column={c.id}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (props.scroll) return <div className="table-scroll">{table}</div>;
  if (!props.collapsed) return table;
  return (
    <details className="table-toggle">
      <summary>{props.caption} as a table</summary>
      {table}
    </details>
  );
}
