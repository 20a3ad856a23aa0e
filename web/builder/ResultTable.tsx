import type { ChartConfig, ChartResult } from '../charts/chartConfig.ts';
import { tableModel } from '../charts/tableModel.ts';

/** The `table` chart type: every column of the result, cells formatted by `tableModel`. */
export function ResultTable({ result, config, label }: { result: ChartResult; config: ChartConfig; label: string }) {
  const model = tableModel(result, config);
  return (
    <div className="table-scroll">
      <table className="data-table result-table" aria-label={label}>
        <thead>
          <tr>
            {model.columns.map((c) => (
              <th key={c.name} scope="col" className={c.align === 'end' ? 'numeric' : undefined}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) => (
                <td key={cell.column} className={model.columns[i]?.align === 'end' ? 'numeric' : undefined}>
                  {typeof cell.value === 'number' ? <data value={cell.value}>{cell.text}</data> : cell.text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
