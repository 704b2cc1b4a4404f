/**
 * Which tables a sync pass pushes: the first (orders, which read-your-writes waits on) always,
 * the rest (the report aggregates) once `intervalMs` has passed since they were last pushed, or
 * when `everything` is asked for. Rows left out stay dirty, so nothing is lost, only delayed.
 */
export function reportSchedule<T>(
  tables: readonly T[],
  intervalMs: number,
  now: () => number = () => performance.now(),
) {
  const [orders] = tables;
  let reportsPushedAt = Number.NEGATIVE_INFINITY;
  return (everything: boolean): readonly T[] => {
    const at = now();
    if (!everything && at - reportsPushedAt < intervalMs) return orders ? [orders] : [];
    reportsPushedAt = at;
    return tables;
  };
}
