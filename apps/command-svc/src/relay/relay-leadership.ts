import { createLeaderLock } from "@orderlens/event-store";
import type { Logger } from "@orderlens/server";
import type { Gauge } from "prom-client";

export interface RelayLeadershipOptions {
  mysqlUrl: string;
  lockName: string;
  /** How often the active relay re-checks that it still holds the lock. */
  checkIntervalMs: number;
  log: Logger;
  gauge: Gauge;
}

/** Which command-svc instance relays: the holder of a MySQL named lock (see createLeaderLock). */
export interface RelayLeadership {
  /** Takes the lock if it is free; logs and reports each change between active and standby. */
  acquire(): Promise<boolean>;
  /** Whether the lock is still ours, asked of MySQL at most once per check interval. */
  stillLeader(): Promise<boolean>;
  /** After a failure: the next check asks MySQL, and a lost lock makes this instance standby. */
  recheck(): Promise<void>;
  release(): Promise<void>;
  readonly isLeader: boolean;
}

export function createRelayLeadership(options: RelayLeadershipOptions): RelayLeadership {
  const { log, gauge } = options;
  const lock = createLeaderLock({ url: options.mysqlUrl, name: options.lockName });
  let isLeader = false;
  let lockCheckedAt = 0;
  return {
    async acquire() {
      const gotLock = await lock.acquire();
      if (gotLock !== isLeader) {
        isLeader = gotLock;
        gauge.set(gotLock ? 1 : 0);
        log.info(gotLock ? "relay is the active instance" : "relay is standby");
      }
      return gotLock;
    },
    // A lost lock only risks duplicates (consumers deduplicate), so it is checked once per
    // interval, not once per window.
    async stillLeader() {
      if (Date.now() - lockCheckedAt < options.checkIntervalMs) return true;
      const held = await lock.stillHeld();
      if (held) lockCheckedAt = Date.now();
      return held;
    },
    async recheck() {
      lockCheckedAt = 0;
      if (!(await lock.stillHeld())) isLeader = false;
    },
    async release() {
      await lock.release();
      isLeader = false;
      gauge.set(0);
    },
    get isLeader() {
      return isLeader;
    },
  };
}
