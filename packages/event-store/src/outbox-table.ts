import type { ColumnType } from "kysely";

/** Events committed but not yet confirmed by the broker. A row is deleted only after its confirm. */
export interface OutboxTable {
  position: number;
  enqueued_at: ColumnType<Date, never, never>;
}
