import { useTranslation } from 'react-i18next';
import type { DatasetSummary } from '../api/types.ts';
import { RouteLink } from '../app/RouteLink.tsx';
import { loadReportPath } from '../app/route.ts';
import { formatCount } from '../format/count.ts';
import { formatTimestamp, parseServerTimestamp } from '../format/timestamp.ts';
import { localized } from '../i18n/language.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { LoadStatusBadge } from '../loads/LoadStatusBadge.tsx';

/** A dash for "nothing here", with words for screen readers instead of "dash". */
function Missing({ label }: { label: string }) {
  return (
    <span className="muted">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

type DatasetTableProps = {
  datasets: DatasetSummary[];
  labelledBy: string;
  /** A column of links to the load reports, for roles that may read them. */
  linkLoadReports: boolean;
};

/**
 * One row per dataset: what the warehouse holds now (rows, data version) next to what the last
 * load did (when, status, rejected rows), which may differ when the last load was refused.
 */
export function DatasetTable({ datasets, labelledBy, linkLoadReports }: DatasetTableProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <div className="table-scroll">
      <table className="data-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t('datasets.columns.dataset')}</th>
            <th scope="col" className="numeric" title={t('datasets.rowsHint')}>
              {t('datasets.columns.rows')}
            </th>
            <th scope="col">{t('datasets.columns.lastLoad')}</th>
            <th scope="col">{t('datasets.columns.status')}</th>
            <th scope="col" className="numeric" title={t('datasets.rejectedHint')}>
              {t('datasets.columns.rejected')}
            </th>
            <th scope="col" className="numeric" title={t('datasets.datasetVersionHint')}>
              {t('datasets.columns.dataVersion')}
            </th>
            {linkLoadReports && <th scope="col">{t('datasets.columns.report')}</th>}
          </tr>
        </thead>
        <tbody>
          {datasets.map((dataset) => {
            const title = dataset.title ? localized(dataset.title, language) : null;
            const load = dataset.lastLoad;
            const started = load ? parseServerTimestamp(load.startedAt) : null;
            return (
              <tr key={dataset.name}>
                <th scope="row">
                  {title && <span className="item-title">{title}</span>}
                  <code className="item-name">{dataset.name}</code>
                </th>
                <td className="numeric">
                  {dataset.rows === null ? (
                    <Missing label={t('datasets.notPublished')} />
                  ) : (
                    <data value={dataset.rows}>{formatCount(dataset.rows, language)}</data>
                  )}
                </td>
                <td className="nowrap">
                  {load ? (
                    <time dateTime={started?.toISOString() ?? load.startedAt}>{formatTimestamp(load.startedAt, language)}</time>
                  ) : (
                    <span className="muted">{t('datasets.neverLoaded')}</span>
                  )}
                </td>
                <td>{load && <LoadStatusBadge status={load.status} />}</td>
                <td className="numeric">
                  {load ? (
                    <data value={load.rowsRejected} className={load.rowsRejected > 0 ? 'rejected-count' : undefined}>
                      {formatCount(load.rowsRejected, language)}
                    </data>
                  ) : (
                    <Missing label={t('datasets.neverLoaded')} />
                  )}
                </td>
                <td className="numeric">
                  {dataset.dataVersion === null ? (
                    <Missing label={t('datasets.notPublished')} />
                  ) : (
                    // An identifier, like a load number: no thousands separators.
                    <data value={dataset.dataVersion}>{String(dataset.dataVersion)}</data>
                  )}
                </td>
                {linkLoadReports && (
                  <td className="nowrap">
                    {load && (
                      // Fifteen links all named "加载报告" would be useless in a screen reader's list of
                      // links; the name starts with the visible text so that voice control finds it.
                      <RouteLink
                        to={loadReportPath(load.loadId)}
                        aria-label={t('datasets.reportLinkName', { loadId: String(load.loadId), dataset: title ?? dataset.name })}
                      >
                        {t('datasets.reportLink', { loadId: String(load.loadId) })}
                      </RouteLink>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
