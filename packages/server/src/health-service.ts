// grpc.health.v1 with a settable status per service name ("" = the whole server), so a
// service can say NOT_SERVING while it starts (migrations, connections) and while it drains.
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  type Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from "@orderlens/contracts";

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

export function createHealthRegistry(): HealthRegistry {
  const statuses = new Map<string, ServingStatus>();
  const listeners = new Set<Listener>();
  const enders = new Set<() => void>();

  const setStatus = (service: string, status: ServingStatus) => {
    if (statuses.get(service) === status) return;
    statuses.set(service, status);
    for (const l of listeners) l(service, status);
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
    async *watch(req, ctx) {
      // Per the health protocol, an unknown service is not an error for Watch: it streams
      // SERVICE_UNKNOWN and later updates if the service appears.
      const pending: ServingStatus[] = [];
      let ended = false;
      let wake: (() => void) | undefined;
      const poke = () => {
        const w = wake;
        wake = undefined;
        w?.();
      };
      const listener: Listener = (name, status) => {
        if (name !== req.service) return;
        pending.push(status);
        poke();
      };
      const end = () => {
        ended = true;
        poke();
      };
      listeners.add(listener);
      enders.add(end);
      ctx.signal.addEventListener("abort", end, { once: true });
      try {
        let last = statuses.get(req.service) ?? ServingStatus.SERVICE_UNKNOWN;
        yield { status: last };
        while (!ended) {
          if (pending.length === 0) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
          }
          for (let s = pending.shift(); s !== undefined; s = pending.shift()) {
            if (s === last) continue;
            last = s;
            yield { status: s };
          }
        }
      } finally {
        listeners.delete(listener);
        enders.delete(end);
        ctx.signal.removeEventListener("abort", end);
      }
    },
  };

  return {
    setStatus,
    getStatus: (service) => statuses.get(service),
    setAll(status) {
      if (!statuses.has("")) setStatus("", status);
      for (const name of [...statuses.keys()]) setStatus(name, status);
    },
    endWatches() {
      for (const end of [...enders]) end();
    },
    impl,
  };
}
