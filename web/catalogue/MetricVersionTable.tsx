import { useTranslation } from 'react-i18next';
import type { MetricVersionRecord } from '../api/types.ts';
import { formatTimestamp, parseServerTimestamp } from '../format/timestamp.ts';
import { useLanguage } from '../i18n/useLanguage.ts';

/** Every recorded version of the definition, newest first: who changed it, when and why. */
export function MetricVersionTable({ versions, currentVersion, label }: { versions: MetricVersionRecord[]; currentVersion: number; label: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  return (
    <div className="table-scroll">
      <table className="data-table version-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              {t('metric.versions.version')}
            </th>
            <th scope="col">{t('metric.versions.author')}</th>
            <th scope="col">{t('metric.versions.createdAt')}</th>
            <th scope="col">{t('metric.versions.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((version) => {
            const created = parseServerTimestamp(version.createdAt);
            return (
              <tr key={version.version}>
                <th scope="row" className="numeric">
                  <data value={version.version}>{`v${version.version}`}</data>
                  {version.version === currentVersion && <span className="tag tag-current">{t('metric.versions.current')}</span>}
                </th>
                <td className="nowrap">{version.author}</td>
                <td className="nowrap">
                  <time dateTime={created?.toISOString() ?? version.createdAt}>{formatTimestamp(version.createdAt, language)}</time>
                </td>
                <td className="version-reason">{version.reason}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
