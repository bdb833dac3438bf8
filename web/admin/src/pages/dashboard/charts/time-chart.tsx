// A chart over the days of a range: lines (several series, an area under the first) or bars (one
// series). Drawn at the container's real width, so labels stay readable on a phone; the viewBox is
// that width, so it also scales if the page is printed or zoomed.
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { t } from '../../../i18n';
import { ChartFigure, type DataTable } from './chart-figure';
import { labelEvery, textWidth, useElementWidth, valueTicks } from './scale';

export interface TimeSeries {
  key: string;
  label: string;
  color: string;
  /** stroke-dasharray, so series differ by more than colour. */
  dash?: string;
  values: number[];
}

export interface TimeChartProps {
  name: string;
  days: string[];
  series: TimeSeries[];
  kind: 'line' | 'bar';
  /** What the chart shows, read by screen readers (role="img"). */
  summary: string;
  /** Exact values (tooltip). */
  format: (value: number) => string;
  /** Short values (axis). */
  axisFormat: (value: number) => string;
  dayLabel: (day: string) => string;
  table: DataTable;
}

const FONT = 12;

export function TimeChart({ name, days, series, kind, summary, format, axisFormat, dayLabel, table }: TimeChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(720);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [hover, setHover] = useState<number | null>(null);

  const visible = series.filter((item) => !hidden.has(item.key));
  const height = width < 480 ? 200 : 260;
  const max = Math.max(0, ...visible.flatMap((item) => item.values));
  const ticks = valueTicks(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const margin = { top: 10, right: 10, bottom: 26, left: Math.max(...ticks.map((tick) => textWidth(axisFormat(tick), FONT))) + 10 };
  const plotWidth = Math.max(10, width - margin.left - margin.right);
  const plotHeight = height - margin.top - margin.bottom;
  const band = plotWidth / Math.max(1, days.length);
  const x = (index: number) => margin.left + band * (index + 0.5);
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const base = y(0);
  const every = labelEvery(days.length, plotWidth, Math.max(56, textWidth(dayLabel(days[0] ?? ''), FONT) + 12));

  const onPointer = (event: JSX.TargetedPointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const px = ((event.clientX - box.left) * width) / Math.max(1, box.width);
    const index = Math.floor((px - margin.left) / band);
    setHover(index >= 0 && index < days.length ? index : null);
  };

  const toggle = (key: string) => {
    const next = new Set(hidden);
    if (next.has(key)) next.delete(key);
    else if (visible.length > 1) next.add(key);
    setHidden(next);
  };

  const linePath = (values: number[]) => values.map((value, index) => `${index === 0 ? 'M' : 'L'}${x(index).toFixed(1)} ${y(value).toFixed(1)}`).join(' ');

  const legend =
    series.length > 1 ? (
      <ul class="chart-legend">
        {series.map((item) => (
          <li key={item.key}>
            <button
              type="button"
              class="chart-legend-item"
              aria-pressed={!hidden.has(item.key)}
              onClick={() => toggle(item.key)}
              data-testid={`legend-${name}-${item.key}`}
              title={hidden.has(item.key) ? t('dashboard.chart.showSeries') : t('dashboard.chart.hideSeries')}
            >
              <svg width="22" height="10" aria-hidden="true">
                <line x1="1" y1="5" x2="21" y2="5" stroke={item.color} stroke-width="3" stroke-dasharray={item.dash} />
              </svg>
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    ) : null;

  const hoverDay = hover === null ? null : days[hover];
  const tooltipLeft = hover === null ? 0 : x(hover);

  return (
    <ChartFigure name={name} table={table} legend={legend}>
      <div class="chart-canvas" ref={ref}>
        <svg
          role="img"
          aria-label={summary}
          data-testid={`chart-${name}-svg`}
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          height={height}
          preserveAspectRatio="none"
          onPointerMove={onPointer}
          onPointerLeave={() => setHover(null)}
        >
          <g class="chart-grid" aria-hidden="true">
            {ticks.map((tick) => (
              <g key={tick}>
                <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
                <text x={margin.left - 6} y={y(tick)} text-anchor="end" dominant-baseline="middle" font-size={FONT}>
                  {axisFormat(tick)}
                </text>
              </g>
            ))}
          </g>
          <g class="chart-axis" aria-hidden="true">
            {days.map((day, index) =>
              index % every === 0 ? (
                <text key={day} x={x(index)} y={height - 8} text-anchor="middle" font-size={FONT}>
                  {dayLabel(day)}
                </text>
              ) : null,
            )}
          </g>
          {kind === 'bar'
            ? visible.slice(0, 1).map((item) => (
                <g key={item.key} data-series={item.key}>
                  {item.values.map((value, index) => (
                    <rect
                      key={days[index]}
                      class="chart-bar"
                      data-date={days[index]}
                      data-value={value}
                      x={x(index) - Math.max(1, band * 0.7) / 2}
                      y={y(value)}
                      width={Math.max(1, band * 0.7)}
                      height={Math.max(0, base - y(value))}
                      fill={item.color}
                      opacity={hover === null || hover === index ? 1 : 0.55}
                    />
                  ))}
                </g>
              ))
            : visible.map((item, position) => (
                <g key={item.key}>
                  {position === 0 ? (
                    <path
                      d={`${linePath(item.values)} L${x(item.values.length - 1).toFixed(1)} ${base} L${x(0).toFixed(1)} ${base} Z`}
                      fill={item.color}
                      fill-opacity="0.1"
                      stroke="none"
                      aria-hidden="true"
                    />
                  ) : null}
                  <path
                    class="chart-line"
                    data-series={item.key}
                    data-total={item.values.reduce((sum, value) => sum + value, 0)}
                    d={linePath(item.values)}
                    fill="none"
                    stroke={item.color}
                    stroke-width="2"
                    stroke-dasharray={item.dash}
                    stroke-linejoin="round"
                  />
                  {days.length <= 31
                    ? item.values.map((value, index) => <circle key={days[index]} cx={x(index)} cy={y(value)} r={hover === index ? 4 : 2.5} fill={item.color} aria-hidden="true" />)
                    : null}
                </g>
              ))}
          {hover !== null ? <line class="chart-guide" x1={x(hover)} x2={x(hover)} y1={margin.top} y2={base} aria-hidden="true" /> : null}
        </svg>
        {hoverDay !== undefined && hoverDay !== null && hover !== null ? (
          <div
            class="chart-tooltip"
            aria-hidden="true"
            style={tooltipLeft > width / 2 ? { right: `${Math.max(0, width - tooltipLeft + 8)}px` } : { left: `${tooltipLeft + 8}px` }}
          >
            <strong>{dayLabel(hoverDay)}</strong>
            {visible.map((item) => (
              <span key={item.key}>
                <i style={{ background: item.color }} />
                {item.label}: {format(item.values[hover] ?? 0)}
              </span>
            ))}
          </div>
        ) : null}
      </div>
    </ChartFigure>
  );
}
