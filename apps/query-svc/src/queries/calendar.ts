export type RangeResult =
  | { ok: true; values: string[] }
  | { ok: false; violations: { field: "from" | "to"; description: string }[] };

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: string): number | undefined {
  const m = dayPattern.exec(value);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === value ? t : undefined;
}

/** Every month from `from` to `to`, inclusive (YYYY-MM). */
export function monthRange(from: string, to: string, max: number): RangeResult {
  const violations: { field: "from" | "to"; description: string }[] = [];
  const f = monthPattern.exec(from);
  const t = monthPattern.exec(to);
  if (!f) violations.push({ field: "from", description: "must be a month, YYYY-MM" });
  if (!t) violations.push({ field: "to", description: "must be a month, YYYY-MM" });
  if (!f || !t) return { ok: false, violations };
  const start = Number(f[1]) * 12 + Number(f[2]) - 1;
  const end = Number(t[1]) * 12 + Number(t[2]) - 1;
  if (end < start)
    return { ok: false, violations: [{ field: "to", description: "must not be before from" }] };
  if (end - start + 1 > max)
    return {
      ok: false,
      violations: [{ field: "to", description: `a range spans at most ${max} months` }],
    };
  const values: string[] = [];
  for (let m = start; m <= end; m++)
    values.push(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`);
  return { ok: true, values };
}

/** Every day from `from` to `to`, inclusive (YYYY-MM-DD). */
export function dayRange(from: string, to: string, max: number): RangeResult {
  const violations: { field: "from" | "to"; description: string }[] = [];
  const f = parseDay(from);
  const t = parseDay(to);
  if (f === undefined)
    violations.push({ field: "from", description: "must be a calendar day, YYYY-MM-DD" });
  if (t === undefined)
    violations.push({ field: "to", description: "must be a calendar day, YYYY-MM-DD" });
  if (f === undefined || t === undefined) return { ok: false, violations };
  if (t < f)
    return { ok: false, violations: [{ field: "to", description: "must not be before from" }] };
  const count = (t - f) / 86_400_000 + 1;
  if (count > max)
    return {
      ok: false,
      violations: [{ field: "to", description: `a range spans at most ${max} days` }],
    };
  return {
    ok: true,
    values: Array.from({ length: count }, (_, i) =>
      new Date(f + i * 86_400_000).toISOString().slice(0, 10),
    ),
  };
}
