import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { MetricQuery, QueryResult } from '../api/types.ts';
import { useMetricQuery } from '../api/useMetricQuery.ts';
import { isVegaChart, type ChartConfig, type ChartResult } from '../charts/chartConfig.ts';
import { chartSpec } from '../charts/chartSpec.ts';
import { namedResult } from '../charts/namedValues.ts';
import { currentPeriodStart } from '../charts/periodFormat.ts';
import { KpiCard } from './KpiCard.tsx';
import { PivotTable } from './PivotTable.tsx';
import { ResultTable } from './ResultTable.tsx';
import { VegaChart } from './VegaChart.tsx';

/** The spec, or the chart builders' error in words (a config the result cannot be drawn as). */
function specOrError(result: QueryResult, config: ChartConfig): { spec: TopLevelSpec } | { error: string } | null {
  if (!isVegaChart(config)) return null;
  try {
    return { spec: chartSpec(result as ChartResult, config) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The HTML chart types; the builders' errors (a pivot without a series…) in words. */
function HtmlChart({ result, config, label }: { result: ChartResult; config: ChartConfig; label: string }) {
  const { t } = useTranslation();
  try {
    if (config.type === 'kpi') return <KpiCard result={result} config={config} />;
    if (config.type === 'pivot') return <PivotTable result={result} config={config} label={label} />;
    return <ResultTable result={result} config={config} label={label} />;
  } catch (error) {
    return <p role="alert" className="error-text">{t('builder.chart.drawFailed', { message: error instanceof Error ? error.message : String(error) })}</p>;
  }
}

/** A result drawn as `config` says: by Vega-Lite, or as HTML (KPI card, table, pivot). Boards draw their tiles with it too. */
export function DrawnChart({ result, config, label, onView, onSelect, decorate, height }: {
  result: QueryResult;
  config: ChartConfig;
  label: string;
  onView: (view: View | null) => void;
  onSelect?: (datum: Record<string, unknown>) => void;
  /** A change to the drawn spec (a board fades the marks its selection leaves out); keep it stable. */
  decorate?: (spec: TopLevelSpec) => TopLevelSpec;
  height?: number;
}) {
  const { t } = useTranslation();
  // Names in place of codes (心血管内科, not 0101); each row keeps its code (`codeOf`) for filters and clicks.
  const named = useMemo(() => namedResult(result), [result]);
  // The period under way on the reader's day is drawn apart (dashed, hollow, pale): it counts only the days so far.
  const partialPeriod = config.x !== undefined ? currentPeriodStart(config.grain, new Date()) : undefined;
  const drawn = useMemo(() => {
    const made = specOrError(named, partialPeriod ? { ...config, partialPeriod } : config);
    return made && 'spec' in made && decorate ? { spec: decorate(made.spec) } : made;
  }, [named, config, decorate, partialPeriod]);
  if (drawn === null) return <HtmlChart result={named as ChartResult} config={config} label={label} />;
  if ('error' in drawn) return <p role="alert" className="error-text">{t('builder.chart.drawFailed', { message: drawn.error })}</p>;
  return <VegaChart spec={drawn.spec} label={label} onView={onView} {...(onSelect ? { onSelect } : {})} {...(height ? { height } : {})} />;
}

/**
 * The chart the shelves ask for: the query through TanStack Query (keyed by the MetricQuery, so
 * going back to an earlier arrangement is answered from the cache), then its states in words.
 */
export function ChartView({ query, config, label, onView, height }: { query: MetricQuery | null; config: ChartConfig; label: string; onView: (view: View | null) => void; /** Vega charts' height in pixels; 360 when left out. */ height?: number }) {
  const { t } = useTranslation();
  const result = useMetricQuery(query);
  let body;
  if (query === null) body = <p className="notice">{t('builder.chart.prompt')}</p>;
  else if (result.isPending) body = <p role="status" className="notice">{t('builder.chart.loading')}</p>;
  else if (result.isError) body = <p role="alert" className="error-text">{t('builder.chart.failed', { message: result.error.message })}</p>;
  else {
    const closed = result.data.closedDatasets ?? [];
    body = (
      <>
        {closed.length > 0 && <p role="note" className="warning-text">{t('builder.chart.closed', { datasets: closed.join('、') })}</p>}
        {result.data.rows.length === 0 ? (
          <p role="status" className="notice">{t('builder.chart.empty')}</p>
        ) : (
          <DrawnChart result={result.data} config={config} label={label} onView={onView} height={height} />
        )}
      </>
    );
  }
  return (
    <section className="chart-view" aria-label={t('builder.chart.label')} aria-busy={result.isFetching}>
      {body}
      {query !== null && result.isFetching && !result.isPending && <p role="status" className="muted">{t('builder.chart.loading')}</p>}
    </section>
  );
}
