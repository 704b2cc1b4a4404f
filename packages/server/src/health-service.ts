// grpc.health.v1 with a settable status per service name ("" = the whole server), so a
// service can say NOT_SERVING while it starts (migrations, connections) and while it drains.
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  type Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from "@orderlens/contracts";
import { createWakeup } from "./wakeup.js";

export { ServingStatus };

export interface HealthRegistry {
  /** Set the status of `service` ("" = overall). Watchers are notified of changes. */
  setStatus(service: string, status: ServingStatus): void;
  /** Undefined when the name was never set (Check answers NOT_FOUND). */
  getStatus(service: string): ServingStatus | undefined;
  /** Sets every known name, including "", at once (startup done, shutdown begun). */
  setAll(status: ServingStatus): void;
  /** Ends all Watch streams (so a graceful shutdown isn't held open by watchers). */
  endWatches(): void;
  readonly impl: ServiceImpl<typeof Health>;
}

type Listener = (service: string, status: ServingStatus) => void;

/** What Watch streams share with the registry: the statuses, and who to tell of changes. */
interface Watchers {
  readonly statuses: ReadonlyMap<string, ServingStatus>;
  readonly listeners: Set<Listener>;
  /** Each ends one Watch stream. */
  readonly enders: Set<() => void>;
}

export function createHealthRegistry(): HealthRegistry {
  const statuses = new Map<string, ServingStatus>();
  const watchers: Watchers = { statuses, listeners: new Set(), enders: new Set() };

  const setStatus = (service: string, status: ServingStatus) => {
    if (statuses.get(service) === status) return;
    statuses.set(service, status);
    for (const l of watchers.listeners) l(service, status);
  };

  const impl: ServiceImpl<typeof Health> = {
    check(req) {
      const status = statuses.get(req.service);
      if (status === undefined) {
        throw new ConnectError(`unknown service "${req.service}"`, Code.NotFound);
      }
      return { status };
    },
    list() {
      return {
        statuses: Object.fromEntries([...statuses].map(([name, status]) => [name, { status }])),
      };
    },
    watch: (req, ctx) => watchStatus(req.service, ctx.signal, watchers),
  };

  return {
    setStatus,
    getStatus: (service) => statuses.get(service),
    setAll(status) {
      if (!statuses.has("")) setStatus("", status);
      for (const name of [...statuses.keys()]) setStatus(name, status);
    },
    endWatches() {
      for (const end of [...watchers.enders]) end();
    },
    impl,
  };
}

/**
 * The current status of `service`, then each change, until the call ends or the registry ends
 * every watch. Per the health protocol, an unknown service is not an error for Watch: it streams
 * SERVICE_UNKNOWN and later updates if the service appears.
 */
async function* watchStatus(
  service: string,
  signal: AbortSignal,
  watchers: Watchers,
): AsyncGenerator<{ status: ServingStatus }> {
  const pending: ServingStatus[] = [];
  let ended = false;
  const wakeup = createWakeup();
  const listener: Listener = (name, status) => {
    if (name !== service) return;
    pending.push(status);
    wakeup.wake();
  };
  const end = () => {
    ended = true;
    wakeup.wake();
  };
  watchers.listeners.add(listener);
  watchers.enders.add(end);
  signal.addEventListener("abort", end, { once: true });
  try {
    let last = watchers.statuses.get(service) ?? ServingStatus.SERVICE_UNKNOWN;
    yield { status: last };
    while (!ended) {
      if (pending.length === 0) await wakeup.wait();
      for (let s = pending.shift(); s !== undefined; s = pending.shift()) {
        if (s === last) continue;
        last = s;
        yield { status: s };
      }
    }
  } finally {
    watchers.listeners.delete(listener);
    watchers.enders.delete(end);
    signal.removeEventListener("abort", end);
  }
}
