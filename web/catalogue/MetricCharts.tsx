import { useTranslation } from 'react-i18next';
import { useCharts } from '../api/useCharts.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { RouteLink } from '../app/RouteLink.tsx';
import { savedChartPath } from '../app/route.ts';
import { chartsUsingMetric, pinnedVersion } from './chartsUsingMetric.ts';

/**
 * The user's saved charts that ask for this metric, so that they know what a change of definition
 * touches; each opens in the chart builder.
 */
export function MetricCharts({ metric, username }: { metric: string; username: string }) {
  const { t } = useTranslation();
  const charts = useCharts();
  if (charts.isPending) {
    return (
      <p role="status" className="notice">
        {t('metric.charts.loading')}
      </p>
    );
  }
  if (charts.isError) {
    return (
      <ErrorNotice
        message={t('metric.charts.loadFailed', { message: charts.error.message })}
        onRetry={() => void charts.refetch()}
        retrying={charts.isFetching}
      />
    );
  }
  const using = chartsUsingMetric(charts.data.charts, metric, username);
  if (using.length === 0) return <p className="muted">{t('metric.charts.none')}</p>;
  return (
    <ul className="chart-list" aria-label={t('metric.charts.list')}>
      {using.map((chart) => {
        const pinned = pinnedVersion(chart, metric);
        return (
          <li key={chart.id}>
            <RouteLink to={savedChartPath(chart.id)} className="chart-name">
              {chart.name}
            </RouteLink>
            {pinned !== null && <span className="tag">{t('metric.charts.pinned', { version: String(pinned) })}</span>}
            {chart.description && <span className="muted chart-description">{chart.description}</span>}
          </li>
        );
      })}
    </ul>
  );
}
