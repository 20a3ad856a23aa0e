// What a result column is called on an axis, legend, tooltip or table header: its label in the
// reader's language with its unit, the way hospital statistics write it (出院人数（人）).
import type { Language } from '../i18n/language.ts';
import type { ChartColumn } from './chartConfig.ts';

/**
 * Metric units are written in Chinese in the definitions; English readers get these words.
 * A unit not listed is shown as written (DDD, %, …).
 */
const englishUnits: Record<string, string> = {
  人: 'persons', 人次: 'visits', 例: 'cases', 次: 'times', 天: 'days', 小时: 'h', 分钟: 'min',
  元: 'CNY', 万元: '10k CNY', 床日: 'bed-days', 张: 'beds', 'DDDs/百人天': 'DDDs per 100 patient-days',
};

export function unitText(unit: string, language: Language): string {
  return language === 'en' ? (englishUnits[unit] ?? unit) : unit;
}

export function columnLabel(column: ChartColumn, language: Language): string {
  return language === 'en' ? column.label.en : column.label.zh;
}

/** Label and unit: 出院人数（人）, Discharges (persons); a column without a unit keeps its label. */
export function columnTitle(column: ChartColumn, language: Language): string {
  return unitTitle(columnLabel(column, language), column.unit, language);
}

/** Several metrics on one axis: their labels joined, with the unit once when they share it. */
export function axisTitle(columns: ChartColumn[], language: Language): string {
  const labels = columns.map((c) => columnLabel(c, language)).join(language === 'en' ? ', ' : '、');
  const units = new Set(columns.map((c) => c.unit));
  return unitTitle(labels, units.size === 1 ? columns[0]?.unit : undefined, language);
}

function unitTitle(label: string, unit: string | undefined, language: Language): string {
  if (!unit) return label;
  return language === 'en' ? `${label} (${unitText(unit, language)})` : `${label}（${unit}）`;
}
