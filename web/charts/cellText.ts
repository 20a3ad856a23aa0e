// A result value written for an HTML table or card, as the charts' axes and tooltips write it.
import type { ChartCell, ChartColumn, ChartConfig } from './chartConfig.ts';
import { isTemporal } from './chartFields.ts';
import { formatNumber, numberFormatOf } from './numberFormat.ts';
import { formatPeriod } from './periodFormat.ts';

/** An empty cell: no rows for that period or category (not zero). */
const emptyCellText = '—';

/** A cell as shown and the value it came from: exact numbers stay next to rounded ones. */
export type CellText = { column: string; value: ChartCell; text: string };

export function cellText(value: ChartCell | undefined, column: ChartColumn, config: Pick<ChartConfig, 'language' | 'grain' | 'numberFormat'>): CellText {
  const cell = value ?? null;
  return { column: column.name, value: cell, text: writeCell(cell, column, config) };
}

function writeCell(value: ChartCell, column: ChartColumn, config: Pick<ChartConfig, 'language' | 'grain' | 'numberFormat'>): string {
  if (value === null) return emptyCellText;
  if (typeof value === 'boolean') return config.language === 'en' ? (value ? 'Yes' : 'No') : (value ? '是' : '否');
  if (typeof value === 'number') return column.role === 'metric' ? formatNumber(value, numberFormatOf(column, config), config.language) : String(value);
  // Masked identifiers (张*) and codes are text and stay as the server sent them.
  return isTemporal(column) ? formatPeriod(value, config.grain, config.language) : value;
}
