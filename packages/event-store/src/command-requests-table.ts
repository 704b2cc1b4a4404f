import type { ColumnType, Selectable } from "kysely";

/** Idempotency: the first reply to each client request id, stored in the command's transaction. */
export interface CommandRequestsTable {
  request_id: string;
  command_type: string;
  /** sha256 of the command, so a reused id with a different command is refused, not replayed. */
  request_hash: string;
  order_id: string;
  version: number;
  position: number;
  created_at: ColumnType<Date, never, never>;
}

export type CommandRequestRow = Selectable<CommandRequestsTable>;
