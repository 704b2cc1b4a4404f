import { Counter, Gauge, type Registry } from "prom-client";

export interface RelayMetrics {
  published: Counter;
  failures: Counter;
  leader: Gauge;
}

export function createRelayMetrics(registry: Registry | undefined): RelayMetrics {
  const registers = registry ? [registry] : [];
  return {
    published: new Counter({
      name: "outbox_relay_published_total",
      help: "Events published and confirmed by the broker",
      registers,
    }),
    failures: new Counter({
      name: "outbox_relay_failures_total",
      help: "Relay loop failures",
      registers,
    }),
    leader: new Gauge({
      name: "outbox_relay_leader",
      help: "1 while this instance is the active relay",
      registers,
    }),
  };
}
