import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Pager } from '../app/Pager.tsx';
import { defaultPageSize } from '../app/paging.ts';
import type { ChartConfig, ChartResult } from '../charts/chartConfig.ts';
import { tableModel } from '../charts/tableModel.ts';

/**
 * The `table` chart type: every column of the result, cells formatted by `tableModel`, 100 rows
 * a page (a result by doctor and day has tens of thousands), sorted and ranked over all rows.
 */
export function ResultTable({ result, config, label }: { result: ChartResult; config: ChartConfig; label: string }) {
  const { t } = useTranslation();
  const model = useMemo(() => tableModel(result, config), [result, config]);
  const [offset, setOffset] = useState(0);
  // A new result (another query, another sort) starts again at its first page.
  const [shownModel, setShownModel] = useState(model);
  if (shownModel !== model) {
    setShownModel(model);
    setOffset(0);
  }
  const rows = model.rows.slice(offset, offset + defaultPageSize);
  return (
    <div className="result-table-pages">
      {model.rows.length > defaultPageSize && (
        <Pager label={t('builder.chart.tablePages', { chart: label })} offset={offset} rowsOnPage={rows.length} total={model.rows.length} pageSize={defaultPageSize} onPage={setOffset} />
      )}
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
            {rows.map((row) => (
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
    </div>
  );
}
