import type { ColumnType, Generated, Selectable } from "kysely";

/**
 * The append-only event store. `position` is the global order (auto-increment); (stream_id,
 * stream_version) is unique, which is what makes optimistic concurrency work.
 */
export interface EventsTable {
  position: Generated<number>;
  stream_id: string;
  stream_version: number;
  event_id: string;
  /** Fully qualified protobuf type, e.g. orderlens.orders.v1.OrderCreated. */
  type: string;
  /** Protobuf JSON of the payload. MySQL 8 returns JSON columns parsed, MariaDB as text. */
  payload: ColumnType<unknown, string, never>;
  metadata: ColumnType<unknown, string, never>;
  occurred_at: ColumnType<Date, Date, never>;
  recorded_at: ColumnType<Date, never, never>;
}

export type EventRow = Selectable<EventsTable>;
