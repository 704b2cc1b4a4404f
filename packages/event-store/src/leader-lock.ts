import mysql from "mysql2/promise";
import { mysqlConnectionOptions } from "./database.js";

export interface LeaderLock {
  /** Takes the lock if free; true while this instance holds it. */
  acquire(): Promise<boolean>;
  /** Whether the lock is still ours (the server drops it when our session dies). */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * One active relay across all command-svc instances, held with a MySQL named lock on a dedicated
 * session. If the holder dies, MySQL ends its session and frees the lock; a standby takes it on
 * its next poll. No lease clock to tune, no split brain beyond a session timeout.
 */
export function createLeaderLock({ url, name }: { url: string; name: string }): LeaderLock {
  let conn: mysql.Connection | undefined;
  let held = false;

  const drop = () => {
    held = false;
    const c = conn;
    conn = undefined;
    c?.destroy();
  };

  const session = async () => {
    if (!conn) {
      const c = await mysql.createConnection(mysqlConnectionOptions(url));
      c.on("error", drop);
      conn = c;
    }
    return conn;
  };

  return {
    async acquire() {
      if (held) return true;
      try {
        const [rows] = await (await session()).query("SELECT GET_LOCK(?, 0) AS got", [name]);
        held = (rows as { got: number | null }[])[0]?.got === 1;
        return held;
      } catch (error) {
        drop();
        throw error;
      }
    },
    async stillHeld() {
      if (!held || !conn) return false;
      try {
        const [rows] = await conn.query("SELECT IS_USED_LOCK(?) = CONNECTION_ID() AS mine", [name]);
        held = (rows as { mine: number | null }[])[0]?.mine === 1;
      } catch {
        drop();
      }
      return held;
    },
    async release() {
      const c = conn;
      if (!c) return;
      if (held) await c.query("SELECT RELEASE_LOCK(?)", [name]).catch(() => {});
      held = false;
      conn = undefined;
      await c.end().catch(() => c.destroy());
    },
  };
}
