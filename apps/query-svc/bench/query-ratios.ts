// bench:queries judges query-svc against the same reads sent straight to Meilisearch in the same
// run, at the same concurrency, with the keep-alive client query-svc itself uses: only the
// query-svc hop differs. The target is on CPU per query, every process counted: it is what the
// hop costs, and it held within a few % with a CPU hog on one core, where the latency and
// throughput ratios of two saturated closed loops moved by a third (they follow how the
// scheduler places three busy processes on two cores); those are printed for reading.
import type { StageResult } from "./closed-loop.js";

/** What every ratio is relative to; the verdict lines and the last line name it. */
export const reference = "the direct keep-alive client";

/** query-svc's figures over the reference's at the same concurrency. */
export interface Ratios {
  /** CPU per query of every process on the path (load generator, query-svc, Meilisearch). */
  cpu: number;
  /** Times the reference's p50. */
  p50: number;
  /** Times the reference's p99. */
  p99: number;
  /** query-svc's queries/s as a share of the reference's (0.5: half as many). */
  throughput: number;
}

/** CPU ms per query over the processes measured (a Meilisearch not started here is not). */
function cpuPerQuery(r: StageResult): number {
  return [r.cpu.loadgen, r.cpu.querySvc, r.cpu.meili]
    .filter((ms) => !Number.isNaN(ms))
    .reduce((a, b) => a + b, 0);
}

export function ratiosOf(via: StageResult, ref: StageResult): Ratios {
  return {
    cpu: cpuPerQuery(via) / cpuPerQuery(ref),
    p50: via.p50 / ref.p50,
    p99: via.p99 / ref.p99,
    throughput: via.qps / ref.qps,
  };
}

/**
 * The target, at every concurrency: what the hop through query-svc (a gRPC call, planning, the
 * response's encoding) may cost in CPU over the reads alone. Measured: x2.37 (report) and x2.08
 * (search) at concurrency 32 on the stand-in, x2.42 and x2.13 with a CPU hog on one core.
 */
export const targets = { cpu: 3 };

/** The targets `r` misses, by name; empty when all are met (a NaN figure misses). */
export function missed(r: Ratios): string[] {
  return r.cpu <= targets.cpu ? [] : ["cpu"];
}

const times = (n: number) => `x${n.toFixed(2)}`;
const share = (n: number) => `${(n * 100).toFixed(0)}%`;

/** "cpu x2.37 p50 x2.73 p99 x1.80 throughput 45%": the form the last line holds. */
export function formatRatios(r: Ratios): string {
  return `cpu ${times(r.cpu)} p50 ${times(r.p50)} p99 ${times(r.p99)} throughput ${share(r.throughput)}`;
}

export function formatTargets(): string {
  return `CPU per query, every process on the path, <= ${times(targets.cpu)}; p50, p99 and throughput for reading`;
}
