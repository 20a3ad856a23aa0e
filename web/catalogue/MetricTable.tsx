import { useTranslation } from 'react-i18next';
import type { CatalogueMetric } from '../api/types.ts';
import { RouteLink } from '../app/RouteLink.tsx';
import { metricPath } from '../app/route.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { MetricStatusBadge } from './MetricStatusBadge.tsx';
import { metricStatus } from './metricStatus.ts';
import { MetricUnit } from './MetricUnit.tsx';

/**
 * One row per metric: its name in the page's language (a link to its page) over its code name,
 * its name in the other language, owner, unit, type, current version and status.
 */
export function MetricTable({ metrics, label }: { metrics: CatalogueMetric[]; label: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const zh = language === 'zh-CN';
  return (
    <div className="table-scroll">
      <table className="data-table metric-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t('catalogue.columns.metric')}</th>
            <th scope="col">{t('catalogue.columns.otherName')}</th>
            <th scope="col">{t('catalogue.columns.owner')}</th>
            <th scope="col">{t('catalogue.columns.unit')}</th>
            <th scope="col">{t('catalogue.columns.type')}</th>
            <th scope="col" className="numeric">
              {t('catalogue.columns.version')}
            </th>
            <th scope="col">{t('catalogue.columns.status')}</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((metric) => (
            <tr key={metric.name} data-metric={metric.name}>
              <th scope="row">
                <RouteLink to={metricPath(metric.name)} className="item-title metric-link">
                  {zh ? metric.label.zh : metric.label.en}
                </RouteLink>
                <code className="item-name">{metric.name}</code>
              </th>
              <td lang={zh ? 'en' : 'zh-CN'} className="metric-other-name">
                {zh ? metric.label.en : metric.label.zh}
              </td>
              <td className="nowrap">{metric.owner}</td>
              <td className="nowrap">
                <MetricUnit metric={metric} />
              </td>
              <td className="nowrap">{t(`catalogue.types.${metric.type}`)}</td>
              <td className="numeric">
                <data value={metric.currentVersion}>{`v${metric.currentVersion}`}</data>
              </td>
              <td>
                <MetricStatusBadge status={metricStatus(metric)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
