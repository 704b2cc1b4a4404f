// WatchProjectionStatus: the projector's progress on every change, and at least every 5 s.
import { setTimeout as sleep } from "node:timers/promises";
import type {
  GetProjectionStatusResponse,
  WatchProjectionStatusResponse,
} from "@orderlens/contracts";
import type { Watch } from "./watchers.js";

const heartbeatMs = 5_000;

export async function* watchProjectionStatus(
  signal: AbortSignal,
  watch: Watch,
  readStatus: () => Promise<GetProjectionStatusResponse>,
): AsyncGenerator<WatchProjectionStatusResponse> {
  for (;;) {
    const status = await readStatus();
    watch.sent();
    yield { $typeName: "orderlens.reports.v1.WatchProjectionStatusResponse", status };
    await changeOrHeartbeat(watch, signal);
  }
}

/** Resolves on the next change, or after the heartbeat period when nothing changed. */
async function changeOrHeartbeat(watch: Watch, signal: AbortSignal): Promise<void> {
  const beat = new AbortController();
  const both = AbortSignal.any([signal, beat.signal]);
  try {
    await Promise.race([watch.nextChange(both), sleep(heartbeatMs, undefined, { signal: both })]);
  } catch (error) {
    if (signal.aborted || !beat.signal.aborted) throw error;
  } finally {
    beat.abort();
  }
}
