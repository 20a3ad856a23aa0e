import type { ChartConfig, ChartResult } from '../charts/chartConfig.ts';
import { pivotModel } from '../charts/pivotModel.ts';

/** The `pivot` chart type: X down the side, series across the top, the metrics in each group. */
export function PivotTable({ result, config, label }: { result: ChartResult; config: ChartConfig; label: string }) {
  const model = pivotModel(result, config);
  const span = model.metrics.length;
  return (
    <div className="table-scroll">
      <table className="data-table pivot-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>{model.rowHeader.label}</th>
            {model.columnGroups.map((group) => (
              <th key={JSON.stringify(group.value)} scope="colgroup" colSpan={span}>{group.text}</th>
            ))}
          </tr>
          <tr>
            {model.columnGroups.flatMap((group) => model.metrics.map((m) => <th key={`${JSON.stringify(group.value)}:${m.name}`} scope="col" className="numeric">{m.label}</th>))}
          </tr>
        </thead>
        <tbody>
          {model.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.header.text}</th>
              {row.cells.map((cell, i) => (
                <td key={i} className="numeric">{typeof cell.value === 'number' ? <data value={cell.value}>{cell.text}</data> : cell.text}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
