import { useTranslation } from 'react-i18next';
import type { LoadReport } from '../api/types.ts';
import { formatCount } from '../format/count.ts';
import { formatDuration } from '../format/duration.ts';
import { formatTimestamp, parseServerTimestamp } from '../format/timestamp.ts';
import { useLanguage } from '../i18n/useLanguage.ts';

/** When, how long, and what became of the rows read: read = loaded + rejected + skipped. */
export function LoadFacts({ report }: { report: LoadReport }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const started = parseServerTimestamp(report.startedAt);
  const count = (value: number, className?: string) => (
    <data value={value} className={className}>
      {formatCount(value, language)}
    </data>
  );
  return (
    <dl className="facts load-facts">
      <div>
        <dt>{t('loads.report.startedAt')}</dt>
        <dd>
          <time dateTime={started?.toISOString() ?? report.startedAt}>{formatTimestamp(report.startedAt, language)}</time>
        </dd>
      </div>
      <div>
        <dt>{t('loads.report.duration')}</dt>
        <dd>
          <data value={report.durationMs}>{formatDuration(report.durationMs, language)}</data>
        </dd>
      </div>
      <div>
        <dt>{t('loads.report.dataVersion')}</dt>
        <dd>{report.dataVersion === null ? '—' : <data value={report.dataVersion}>{String(report.dataVersion)}</data>}</dd>
      </div>
      <div>
        <dt>{t('loads.report.rowsRead')}</dt>
        <dd>{count(report.rowsRead)}</dd>
      </div>
      <div>
        <dt>{t('loads.report.rowsLoaded')}</dt>
        <dd>{count(report.rowsLoaded)}</dd>
      </div>
      <div>
        <dt>{t('loads.report.rowsRejected')}</dt>
        <dd>{count(report.rowsRejected, report.rowsRejected > 0 ? 'rejected-count' : undefined)}</dd>
      </div>
      <div>
        <dt title={t('loads.report.rowsSkippedHint')}>{t('loads.report.rowsSkipped')}</dt>
        <dd>{count(report.rowsSkipped)}</dd>
      </div>
    </dl>
  );
}
