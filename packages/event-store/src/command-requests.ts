import type { Transaction } from "kysely";
import type { CommandRequestRow } from "./command-requests-table.js";
import type { Database, Db } from "./database.js";

export async function findCommandRequest(
  db: Db | Transaction<Database>,
  requestId: string,
): Promise<CommandRequestRow | undefined> {
  return db
    .selectFrom("command_requests")
    .selectAll()
    .where("request_id", "=", requestId)
    .executeTakeFirst();
}

/**
 * Records the reply in the command's transaction. A concurrent duplicate blocks on the primary key
 * until the first commits, then fails with a duplicate key: the caller retries and finds the reply.
 */
export async function recordCommandRequest(
  trx: Transaction<Database>,
  row: Omit<CommandRequestRow, "created_at">,
): Promise<void> {
  await trx.insertInto("command_requests").values(row).execute();
}
