import type { StoredEvent } from "@orderlens/order-events";
import type { Pool } from "mysql2/promise";
import { beginCommandBatch } from "./command-batch.js";
import type { CommandRequestRow } from "./command-requests-table.js";
import type { Db } from "./database.js";
import {
  type AppendRequest,
  type AppendResult,
  isDuplicateKey,
  StreamVersionConflict,
} from "./event-stream.js";
import type { CommandRecord } from "./statement-batch.js";

/**
 * A command's transaction in two round trips: one that begins it and reads the idempotency record
 * and the stream, one that appends, records and commits. Each statement sent separately costs a
 * socket write and a wake-up per query; on small machines those, not MySQL, bound the command rate.
 * Statements are still built and parameterised by Kysely; only their sending is batched.
 */
export interface CommandTransaction {
  /** The stored reply of an earlier call with this request id, if any. */
  readonly prior: CommandRequestRow | undefined;
  /** The order's events in version order ([] when the stream was not read). */
  readonly stream: readonly StoredEvent[];
  /** Appends the events and their outbox rows, records the reply, and commits. */
  commit(append: AppendRequest, record?: CommandRecord): Promise<AppendResult>;
  /** Ends the transaction without writing (a rejected or replayed command). */
  rollback(): Promise<void>;
}

export interface BeginOptions {
  requestId: string | undefined;
  orderId: string;
  /** False when the order id was generated for this command: its stream cannot exist. */
  readStream: boolean;
}

/** One command's transaction: a batch of one, with a lost race reported as a version conflict. */
export async function beginCommand(
  db: Db,
  pool: Pool,
  options: BeginOptions,
): Promise<CommandTransaction> {
  const batch = await beginCommandBatch(db, pool, [options]);
  return {
    prior: options.requestId === undefined ? undefined : batch.prior(options.requestId),
    stream: batch.stream(options.orderId),
    rollback: () => batch.rollback(),
    async commit(append, record) {
      try {
        const [result] = await batch.commit([{ append, ...(record ? { record } : {}) }]);
        return result ?? { version: append.afterVersion, position: 0 };
      } catch (error) {
        if (isDuplicateKey(error, "events_stream_version_uq")) {
          throw new StreamVersionConflict(append.orderId, append.afterVersion);
        }
        throw error;
      }
    },
  };
}
