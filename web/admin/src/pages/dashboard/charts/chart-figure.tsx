// The frame every dashboard chart shares: the drawing (an SVG with role="img" and a summary as
// its label), an optional legend, and the numbers as a table inside <details> for anyone who
// cannot see the drawing or wants the exact values.
import type { ComponentChildren } from 'preact';
import { t } from '../../../i18n';

export interface DataTable {
  caption: string;
  headers: string[];
  rows: { key: string; cells: string[] }[];
}

export function ChartFigure({ name, table, legend, children }: { name: string; table: DataTable; legend?: ComponentChildren; children: ComponentChildren }) {
  return (
    <figure class="chart" data-testid={`chart-${name}`}>
      {children}
      {legend}
      <details class="chart-data" data-testid={`chart-${name}-table`}>
        <summary>{t('dashboard.chart.showTable')}</summary>
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{table.caption}</caption>
            <thead>
              <tr>
                {table.headers.map((header, index) => (
                  <th key={header} scope="col" class={index === 0 ? undefined : 'align-end'}>
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key}>
                  {row.cells.map((cell, index) =>
                    index === 0 ? (
                      <th key={index} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={index} class="align-end">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
