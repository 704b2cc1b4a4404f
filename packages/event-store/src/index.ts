export {
  type BatchWrite,
  type BeginOptions,
  beginCommandBatch,
  type CommandBatch,
} from "./command-batch.js";
export type { CommandRequestRow, CommandRequestsTable } from "./command-requests-table.js";
export {
  createDatabase,
  type Database,
  type DatabaseOptions,
  type Db,
  defaultMysqlUrl,
  mysqlConnectionOptions,
} from "./database.js";
export { ensureDatabaseExists } from "./ensure-database.js";
export {
  type AppendRequest,
  type AppendResult,
  readEventsAfter,
  readStream,
} from "./event-stream.js";
export type { EventRow, EventsTable } from "./events-table.js";
export { createLeaderLock, type LeaderLock } from "./leader-lock.js";
export { migrateToLatest } from "./migrate.js";
export { isDuplicateKey, StreamVersionConflict } from "./mysql-errors.js";
export { deleteFromOutbox, type OutboxEntry, outboxDepth, readOutbox } from "./outbox.js";
export type { OutboxTable } from "./outbox-table.js";
export type { CommandRecord } from "./statement-batch.js";
export { uuidV7 } from "./uuid-v7.js";
