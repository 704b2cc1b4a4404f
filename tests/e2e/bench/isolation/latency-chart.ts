// The bench's picture: write latency (p99 of each second) over the run for both systems, with
// the phases marked, as a self-contained SVG drawn from the run's samples.
import { percentile, sortAscending } from "@orderlens/testing";
import type { WriteSample } from "./load-loops.js";

export interface ChartSeries {
  name: string;
  color: string;
  /** Samples of consecutive phases, each phase's `at` counted from its own start. */
  phases: { label: string; samples: WriteSample[]; seconds: number }[];
}

interface Point {
  t: number;
  v: number;
}

/** p99 of each whole second, over the phases laid end to end. */
function secondlyP99(series: ChartSeries): Point[] {
  const points: Point[] = [];
  let offset = 0;
  for (const phase of series.phases) {
    const buckets = new Map<number, number[]>();
    for (const s of phase.samples) {
      const second = Math.floor(s.at / 1000);
      buckets.set(second, [...(buckets.get(second) ?? []), s.latencyMs]);
    }
    for (const [second, values] of [...buckets].sort((a, b) => a[0] - b[0])) {
      points.push({ t: offset + second + 0.5, v: percentile(sortAscending(values), 99) });
    }
    offset += phase.seconds;
  }
  return points;
}

const xmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

export function latencyChartSvg(title: string, series: ChartSeries[]): string {
  const width = 900;
  const height = 420;
  const m = { left: 70, right: 20, top: 50, bottom: 60 };
  const all = series.map((s) => ({ s, points: secondlyP99(s) }));
  const tMax = Math.max(1, ...series.map((s) => s.phases.reduce((n, p) => n + p.seconds, 0)));
  const vMax = Math.max(1, ...all.flatMap((a) => a.points.map((p) => p.v))) * 1.1;
  const x = (t: number) => m.left + (t / tMax) * (width - m.left - m.right);
  const y = (v: number) => height - m.bottom - (v / vMax) * (height - m.top - m.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${xmlText(title)}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${xmlText(title)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = (vMax / 5) * i;
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${m.left - 8}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(0)} ms</text>`,
    );
  }
  let offset = 0;
  for (const phase of series[0]?.phases ?? []) {
    parts.push(
      `<line x1="${x(offset)}" x2="${x(offset)}" y1="${m.top}" y2="${height - m.bottom}" stroke="#888" stroke-dasharray="4 3"/>`,
      `<text x="${x(offset) + 4}" y="${m.top + 12}">${xmlText(phase.label)}</text>`,
    );
    offset += phase.seconds;
  }
  all.forEach(({ s, points }, i) => {
    const path = points.map((p, k) => `${k ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`);
    parts.push(
      `<path d="${path.join("")}" fill="none" stroke="${s.color}" stroke-width="2"/>`,
      `<rect x="${m.left + 10 + i * 300}" y="${height - 22}" width="14" height="4" fill="${s.color}"/>`,
      `<text x="${m.left + 30 + i * 300}" y="${height - 16}">${xmlText(s.name)}: write p99 per second</text>`,
    );
  });
  parts.push(
    `<text x="${width / 2}" y="${height - 34}" text-anchor="middle">seconds into the run (phases laid end to end)</text>`,
    "</svg>",
  );
  return `${parts.join("\n")}\n`;
}
