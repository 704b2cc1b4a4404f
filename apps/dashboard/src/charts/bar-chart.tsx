// A bar chart as plain SVG (visx scales and axes): a titled, described image for assistive
// technology, each bar with its own tooltip title; the same figures are always offered as a
// table beside it (DataTable).
import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { useId } from "react";

export interface Bar {
  key: string;
  value: number;
  /** The value as people read it, e.g. "€1,234.50". */
  valueText: string;
}

export interface BarChartProps {
  title: string;
  description: string;
  bars: readonly Bar[];
  formatKey?: (key: string) => string;
  formatTick: (value: number) => string;
  /** Drawing width in SVG units; the chart scales to its box, so narrower means larger text. */
  width?: number;
  testId?: string;
}

const size = { height: 240, top: 12, right: 12, bottom: 32, left: 72 };

export function BarChart(props: BarChartProps) {
  const id = useId();
  const width = props.width ?? 640;
  const innerWidth = width - size.left - size.right;
  const innerHeight = size.height - size.top - size.bottom;
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const x = scaleBand({
    domain: props.bars.map((b) => b.key),
    range: [0, innerWidth],
    padding: 0.2,
  });
  const y = scaleLinear({ domain: [0, max], range: [innerHeight, 0], nice: true });
  const label = props.formatKey ?? ((key: string) => key);
  return (
    <svg
      className="bar-chart"
      viewBox={`0 0 ${width} ${size.height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      data-testid={props.testId}
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.description}</desc>
      <Group left={size.left} top={size.top}>
        {props.bars.map((b) => {
          const top = y(b.value);
          return (
            <rect
              key={b.key}
              className="bar"
              data-key={b.key}
              x={x(b.key)}
              y={top}
              width={x.bandwidth()}
              height={Math.max(0, innerHeight - top)}
            >
              <title>{`${label(b.key)}: ${b.valueText}`}</title>
            </rect>
          );
        })}
        <AxisLeft
          scale={y}
          numTicks={4}
          tickFormat={(v) => props.formatTick(Number(v))}
          tickLabelProps={{ className: "tick-label", textAnchor: "end" }}
        />
        <AxisBottom
          top={innerHeight}
          scale={x}
          tickFormat={label}
          tickLabelProps={{ className: "tick-label", textAnchor: "middle" }}
        />
      </Group>
    </svg>
  );
}
