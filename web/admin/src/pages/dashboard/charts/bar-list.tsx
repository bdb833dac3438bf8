// Horizontal bars, one per category (redemptions by status, top rewards): the label sits above
// its bar, so long names fit a phone's width as well as a laptop's.
import { ChartFigure, type DataTable } from './chart-figure';
import { textWidth, useElementWidth } from './scale';

export interface BarItem {
  key: string;
  label: string;
  value: number;
  valueLabel: string;
  color: string;
}

const ROW = 44;
const FONT = 13;

/** `text` cut to about `room` pixels, with an ellipsis. */
function fit(text: string, room: number): string {
  const chars = Math.max(4, Math.floor(room / (FONT * 0.6)));
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

export function BarList({ name, items, summary, table }: { name: string; items: BarItem[]; summary: string; table: DataTable }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const height = items.length * ROW;
  const max = Math.max(1, ...items.map((item) => item.value));
  return (
    <ChartFigure name={name} table={table}>
      <div class="chart-canvas" ref={ref}>
        <svg role="img" aria-label={summary} data-testid={`chart-${name}-svg`} viewBox={`0 0 ${width} ${height}`} width="100%" height={height} preserveAspectRatio="none">
          {items.map((item, index) => {
            const top = index * ROW;
            const valueWidth = textWidth(item.valueLabel, FONT);
            return (
              <g key={item.key}>
                <text x={0} y={top + 15} font-size={FONT} class="chart-label">
                  {fit(item.label, width - valueWidth - 12)}
                </text>
                <text x={width} y={top + 15} font-size={FONT} text-anchor="end" class="chart-value">
                  {item.valueLabel}
                </text>
                <rect class="chart-track" x={0} y={top + 21} width={width} height={14} rx={3} aria-hidden="true" />
                <rect
                  class="chart-bar"
                  data-bar={item.key}
                  data-value={item.value}
                  x={0}
                  y={top + 21}
                  width={item.value > 0 ? Math.max(3, (item.value / max) * width) : 0}
                  height={14}
                  rx={3}
                  fill={item.color}
                />
              </g>
            );
          })}
        </svg>
      </div>
    </ChartFigure>
  );
}
