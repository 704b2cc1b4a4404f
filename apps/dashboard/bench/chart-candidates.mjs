#!/usr/bin/env node
// Measures what each charting library candidate adds to the dashboard's JavaScript, gzipped.
// For every candidate it builds, with Vite, a page that renders one bar chart of twelve values
// the way the dashboard would, and subtracts a page that renders the same figures as plain
// React. The candidates are installed into a temporary directory (never into the workspace), so
// run it only when the choice is revisited:
//
//   node apps/dashboard/bench/chart-candidates.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const data = `const data = Array.from({ length: 12 }, (_, i) => ({ month: \`2026-\${String(i + 1).padStart(2, "0")}\`, revenue: (i + 3) * 1000 }));`;

/** Each entry renders one bar chart; `render` is the body of the component. */
const candidates = {
  baseline: {
    deps: [],
    imports: "",
    render: "<ul>{data.map((d) => <li key={d.month}>{d.month}: {d.revenue}</li>)}</ul>",
  },
  visx: {
    deps: ["@visx/shape", "@visx/scale", "@visx/axis", "@visx/group"],
    imports: `import { Bar } from "@visx/shape"; import { scaleBand, scaleLinear } from "@visx/scale"; import { AxisBottom, AxisLeft } from "@visx/axis"; import { Group } from "@visx/group";`,
    render: `(() => { const x = scaleBand({ domain: data.map((d) => d.month), range: [0, 600], padding: 0.2 }); const y = scaleLinear({ domain: [0, 15000], range: [300, 0] }); return <svg width={640} height={340} role="img"><title>Revenue</title><Group left={40}>{data.map((d) => <Bar key={d.month} x={x(d.month)} y={y(d.revenue)} width={x.bandwidth()} height={300 - y(d.revenue)} />)}<AxisLeft scale={y} /><AxisBottom top={300} scale={x} /></Group></svg>; })()`,
  },
  recharts: {
    deps: ["recharts"],
    imports: `import { BarChart, Bar, XAxis, YAxis, Tooltip } from "recharts";`,
    render: `<BarChart width={640} height={340} data={data} accessibilityLayer><XAxis dataKey="month" /><YAxis /><Tooltip /><Bar dataKey="revenue" /></BarChart>`,
  },
  "chart.js": {
    deps: ["chart.js"],
    imports: `import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip } from "chart.js"; import { useEffect, useRef } from "react"; Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);`,
    render: `(() => { const Canvas = () => { const ref = useRef(null); useEffect(() => { const c = new Chart(ref.current, { type: "bar", data: { labels: data.map((d) => d.month), datasets: [{ label: "Revenue", data: data.map((d) => d.revenue) }] } }); return () => c.destroy(); }, []); return <canvas ref={ref} role="img" aria-label="Revenue" />; }; return <Canvas />; })()`,
  },
  uplot: {
    deps: ["uplot"],
    imports: `import uPlot from "uplot"; import { useEffect, useRef } from "react";`,
    render: `(() => { const Plot = () => { const ref = useRef(null); useEffect(() => { const p = new uPlot({ width: 640, height: 340, series: [{}, { label: "Revenue", paths: uPlot.paths.bars() }] }, [data.map((_, i) => i), data.map((d) => d.revenue)], ref.current); return () => p.destroy(); }, []); return <div ref={ref} />; }; return <Plot />; })()`,
  },
  victory: {
    deps: ["victory"],
    imports: `import { VictoryAxis, VictoryBar, VictoryChart } from "victory";`,
    render: `<VictoryChart><VictoryAxis /><VictoryAxis dependentAxis /><VictoryBar data={data} x="month" y="revenue" /></VictoryChart>`,
  },
  nivo: {
    deps: ["@nivo/bar"],
    imports: `import { Bar } from "@nivo/bar";`,
    render: `<Bar width={640} height={340} data={data} keys={["revenue"]} indexBy="month" />`,
  },
};

const dir = mkdtempSync(join(tmpdir(), "chart-candidates-"));
const run = (cmd, args) =>
  execFileSync(cmd, args, { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
try {
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  const deps = Object.values(candidates).flatMap((c) => c.deps);
  run("npm", [
    "install",
    "--no-audit",
    "--no-fund",
    "react@19",
    "react-dom@19",
    "vite@8",
    "@vitejs/plugin-react@6",
    ...deps,
  ]);
  const sizes = {};
  for (const [name, c] of Object.entries(candidates)) {
    const root = join(dir, name.replace(/\W/g, "_"));
    mkdirSync(root);
    writeFileSync(
      join(root, "index.html"),
      `<!doctype html><div id="root"></div><script type="module" src="./main.jsx"></script>`,
    );
    writeFileSync(
      join(root, "main.jsx"),
      `import { createRoot } from "react-dom/client"; ${c.imports}\n${data}\nfunction App() { return ${c.render}; }\ncreateRoot(document.getElementById("root")).render(<App />);\n`,
    );
    writeFileSync(
      join(root, "vite.config.mjs"),
      `import react from "@vitejs/plugin-react"; export default { plugins: [react()], logLevel: "error" };`,
    );
    run("npx", ["vite", "build", root, "--config", join(root, "vite.config.mjs")]);
    const assets = join(root, "dist", "assets");
    sizes[name] = readdirSync(assets)
      .filter((f) => f.endsWith(".js"))
      .reduce((n, f) => n + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
  }
  const base = sizes.baseline ?? 0;
  for (const [name, bytes] of Object.entries(sizes)) {
    const added =
      name === "baseline" ? "" : `  (+${((bytes - base) / 1024).toFixed(1)} KiB over plain React)`;
    process.stdout.write(
      `${name.padEnd(10)} ${(bytes / 1024).toFixed(1).padStart(7)} KiB gzipped${added}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
