// The KPI card (指标卡): one big number with its 同比/环比 change, as a plain model for an HTML
// card rather than a Vega-Lite text mark. A card has no axis or scale for Vega to contribute; as
// HTML its number is real text that screen readers and browser tests read by role, that wraps
// and scales with CSS in a dashboard tile or on a cockpit TV, and that loads no Vega at all.
import { cellText, type CellText } from './cellText.ts';
import type { MetricDirection } from '../api/types.ts';
import { ChartConfigError, type ChartColumn, type ChartConfig, type ChartResult } from './chartConfig.ts';
import { columnOf, isTemporal, requireColumns } from './chartFields.ts';
import { columnLabel, unitText } from './columnTitle.ts';
import { formatNumber, numberFormatOf } from './numberFormat.ts';
import { conditionalColorOf } from './conditionalColors.ts';

export type Comparison = 'yoy' | 'mom' | 'previous_period';

export type KpiComparison = {
  kind: Comparison;
  /** 同比 / vs last year, 环比 / vs last month, 上期 / vs previous period. */
  label: string;
  previous: CellText;
  /** Signed, in the metric's format: +10,534 or −6,941. */
  change: CellText;
  /** Signed percent: +6.1%. */
  changeRate: CellText;
  /**
   * What the card leads with: a count's change in percent (+6.1%), a rate's or share's in
   * percentage points (+7.2 个百分点: 96.8 % → 104.0 % is not "+7.2 %", which would be relative).
   */
  headline: string;
  /** Beside the headline, in brackets: a count's change in its own unit (+10,534); none for a rate. */
  detail: string | null;
  /** Which way the number moved. */
  direction: 'up' | 'down' | 'flat' | null;
  /** Whether the move is good, by the metric's direction (出院人数 up: good; 手术取消率 up: bad); neutral without one. */
  tone: 'good' | 'bad' | 'neutral';
};

export type KpiCardModel = {
  metric: string;
  /** The metric's label; the unit is shown beside the number, not in the title. */
  title: string;
  value: CellText;
  unit: string | null;
  /** The period shown when the result runs over time: its latest (2024年6月). */
  period: CellText | null;
  /** The first conditional colour the value matches. */
  color: string | null;
  comparisons: KpiComparison[];
  /** The metric's target (目标 ≥ 95.0%), when its definition sets one; `met` by its direction (null when neutral). */
  target: { value: number; text: string; met: boolean | null } | null;
};

/** A percentage-point difference: 0.072 → +7.2 个百分点 / +7.2 pp. */
function pointsText(difference: number, language: ChartConfig['language']): string {
  return `${formatNumber(difference * 100, '0.0', language, true)}${language === 'en' ? ' pp' : ' 个百分点'}`;
}

function toneOf(direction: KpiComparison['direction'], good: MetricDirection | undefined): KpiComparison['tone'] {
  if (!good || good === 'neutral' || direction === null || direction === 'flat') return 'neutral';
  return (direction === 'up') === (good === 'higher_better') ? 'good' : 'bad';
}

const comparisonLabels: Record<Comparison, { zh: string; en: string }> = {
  yoy: { zh: '同比', en: 'vs last year' },
  mom: { zh: '环比', en: 'vs last month' },
  previous_period: { zh: '上期', en: 'vs previous period' },
};

/**
 * The card of `y[0]`. A result over time shows its latest period (a 本月 card keeps working when
 * the query spans a year); any other dimension would need one card per value, so it is refused.
 */
export function kpiCard(result: ChartResult, config: ChartConfig): KpiCardModel {
  requireColumns(config, { metrics: [1, 1] });
  const metric = columnOf(result, config.y[0]!, config.language);
  const time = result.columns.find((c) => c.role === 'dimension' && isTemporal(c));
  const others = result.columns.filter((c) => c.role === 'dimension' && c !== time);
  if (others.length > 0 && result.rows.length > 1) {
    throw new ChartConfigError(config.language, {
      zh: `指标卡只显示一个数，查询却按${others.map((c) => c.label.zh).join('、')}分了组：请去掉这些维度，或改用表格。`,
      en: `a KPI card shows one number, but the query is grouped by ${others.map((c) => c.label.en).join(', ')}: remove those dimensions or use a table.`,
    });
  }
  const row = time
    ? result.rows.reduce<(typeof result.rows)[number] | undefined>((latest, r) => (!latest || String(r[time.name]) > String(latest[time.name]) ? r : latest), undefined)
    : result.rows[0];
  const value = cellText(row?.[metric.name], metric, config);
  // Rates and shares (percent values) change in points; counts and averages in percent.
  const percent = numberFormatOf(metric, config) === 'percent';

  const comparisons = (Object.keys(comparisonLabels) as Comparison[])
    .filter((kind) => result.columns.some((c) => c.name === `${metric.name}__${kind}`))
    .map((kind): KpiComparison => {
      const column = (suffix: string) => columnOf(result, `${metric.name}__${kind}${suffix}`, config.language);
      const change = row?.[column('_change').name] ?? null;
      const rate = row?.[column('_pct').name] ?? null;
      const signed = (v: typeof change, format: string | undefined) => (typeof v === 'number' ? formatNumber(v, format, config.language, true) : cellText(v, metric, config).text);
      const changeText = typeof change === 'number' && percent ? pointsText(change, config.language) : signed(change, numberFormatOf(column('_change'), config));
      const rateText = signed(rate, 'percent');
      const direction = typeof change === 'number' ? (change > 0 ? 'up' : change < 0 ? 'down' : 'flat') : null;
      return {
        kind,
        label: config.language === 'en' ? comparisonLabels[kind].en : comparisonLabels[kind].zh,
        previous: cellText(row?.[column('').name], column(''), config),
        change: { column: column('_change').name, value: change, text: changeText },
        changeRate: { column: column('_pct').name, value: rate, text: rateText },
        headline: percent ? changeText : rateText,
        detail: percent ? null : changeText,
        direction,
        tone: toneOf(direction, metric.direction),
      };
    });

  return {
    metric: metric.name,
    title: columnLabel(metric, config.language),
    value,
    unit: metric.unit ? unitText(metric.unit, config.language) : null,
    period: time && row ? cellText(row[time.name], time, config) : null,
    color: typeof value.value === 'number' ? conditionalColorOf(value.value, config) : null,
    comparisons,
    target: targetOf(metric, typeof value.value === 'number' ? value.value : null, config),
  };
}

function targetOf(metric: ChartColumn, value: number | null, config: ChartConfig): KpiCardModel['target'] {
  if (metric.target === undefined) return null;
  const good = metric.direction ?? 'neutral';
  const met = value === null || good === 'neutral' ? null : good === 'higher_better' ? value >= metric.target : value <= metric.target;
  const bound = good === 'higher_better' ? '≥ ' : good === 'lower_better' ? '≤ ' : '';
  return { value: metric.target, text: `${bound}${formatNumber(metric.target, numberFormatOf(metric, config), config.language)}`, met };
}
