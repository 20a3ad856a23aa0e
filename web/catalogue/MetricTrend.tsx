import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueMetric, MetricDefinition } from '../api/types.ts';
import { useMetricQuery } from '../api/useMetricQuery.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { localized } from '../i18n/language.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import type { CatalogueIndex } from './catalogueIndex.ts';
import { trendAvailability } from './trendAvailability.ts';
import { TrendChart } from './TrendChart.tsx';
import { trendPoints, trendSpec } from './trendSpec.ts';

type MetricTrendProps = { metric: CatalogueMetric; definition: MetricDefinition | undefined; index: CatalogueIndex };

/**
 * The metric's values over the last calendar year, asked of the server with the reader's own
 * access, as a small line chart with the values also in a table. A metric that cannot be counted
 * over time gets a sentence saying why and whom to ask instead.
 */
export function MetricTrend({ metric, definition, index }: MetricTrendProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const captionId = useId();
  const availability = useMemo(() => trendAvailability(metric, definition, index.metrics), [metric, definition, index]);
  const result = useMetricQuery(availability.kind === 'trend' ? availability.query : null);
  const grain = availability.kind === 'trend' ? availability.grain : 'month';
  const spec = useMemo(() => (result.data ? trendSpec(result.data, language, grain) : null), [result.data, language, grain]);
  const label = localized(metric.label, language);

  if (availability.kind === 'noTimeDimension') {
    const own = availability.missing.length === 1 && availability.missing[0] === metric.name;
    const names = availability.missing.map((name) => {
      const part = index.metrics.get(name);
      return part ? localized(part.label, language) : name;
    });
    return (
      <p className="notice trend-unavailable">
        {own
          ? t('metric.trend.noTimeDimension', { owner: metric.owner })
          : t('metric.trend.noTimeDimensionParts', { metrics: names.join(language === 'zh-CN' ? '、' : ', ') })}
      </p>
    );
  }
  if (result.isPending) {
    return (
      <p role="status" className="notice">
        {t('metric.trend.loading')}
      </p>
    );
  }
  if (result.isError) {
    return (
      <ErrorNotice
        message={t('metric.trend.loadFailed', { message: result.error.message })}
        onRetry={() => void result.refetch()}
        retrying={result.isFetching}
      />
    );
  }
  if (result.data.rows.length === 0 || !spec) return <p className="notice">{t('metric.trend.empty')}</p>;

  const points = trendPoints(result.data, language, grain);
  const closed = (result.data.closedDatasets ?? []).map((name) => {
    const dataset = index.datasets.get(name);
    return dataset ? localized(dataset.label, language) : name;
  });
  return (
    <figure className="metric-trend" aria-labelledby={captionId}>
      <figcaption id={captionId}>{t(grain === 'day' ? 'metric.trend.captionDaily' : 'metric.trend.caption', { metric: label })}</figcaption>
      <TrendChart spec={spec} />
      <p className="muted trend-note">
        {t('metric.trend.scope')}
        {closed.length > 0 && ` ${t('metric.trend.closed', { datasets: closed.join(language === 'zh-CN' ? '、' : ', ') })}`}
      </p>
      <details className="trend-values">
        <summary>{t('metric.trend.values')}</summary>
        <table className="data-table fit-content" aria-label={t('metric.trend.valuesTable', { metric: label })}>
          <thead>
            <tr>
              <th scope="col">{t('metric.trend.period')}</th>
              <th scope="col" className="numeric">
                {t('metric.trend.value')}
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.period}>
                <th scope="row">
                  <time dateTime={point.period}>{point.periodText}</time>
                </th>
                <td className="numeric">{point.value === null ? point.valueText : <data value={point.value}>{point.valueText}</data>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
