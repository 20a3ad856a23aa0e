import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/request.ts';
import type { Role } from '../api/types.ts';
import { useDatasets } from '../api/useDatasets.ts';
import { useLoadReport } from '../api/useLoadReport.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { ForbiddenNotice } from '../app/ForbiddenNotice.tsx';
import { RouteLink } from '../app/RouteLink.tsx';
import { homePath } from '../app/route.ts';
import { localized } from '../i18n/language.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { LoadFacts } from './LoadFacts.tsx';
import { LoadFiles } from './LoadFiles.tsx';
import { LoadStatusBadge } from './LoadStatusBadge.tsx';
import { RejectedRowsTable } from './RejectedRowsTable.tsx';
import { RejectSummaryTable } from './RejectSummaryTable.tsx';

/** What one load did: its outcome, its files and counts, why rows were rejected, and those rows. */
export function LoadReportPage({ loadId, role }: { loadId: number; role: Role }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const report = useLoadReport(loadId);
  // For the dataset's title only; the report itself names the dataset.
  const datasets = useDatasets();

  let body;
  if (report.isPending) {
    body = (
      <p role="status" className="notice">
        {t('loads.report.loading')}
      </p>
    );
  } else if (report.isError && report.error instanceof ApiError && report.error.status === 403) {
    body = <ForbiddenNotice role={role} action={t('forbidden.loadReports')} message={report.error.message} />;
  } else if (report.isError) {
    // A load that does not exist will not appear by trying again.
    const missing = report.error instanceof ApiError && report.error.status === 404;
    body = (
      <ErrorNotice
        message={t('loads.report.loadFailed', { message: report.error.message })}
        onRetry={missing ? undefined : () => void report.refetch()}
        retrying={report.isFetching}
      />
    );
  } else {
    const load = report.data;
    const title = datasets.data?.datasets.find((dataset) => dataset.name === load.dataset)?.title;
    body = (
      <>
        <p className="report-subject">
          <span className="muted">{t('loads.report.dataset')}</span>
          {title && <span className="item-title">{localized(title, language)}</span>}
          <code className="item-name">{load.dataset}</code>
          <LoadStatusBadge status={load.status} />
        </p>
        {load.message && (
          <div role="alert" className={`load-message load-message-${load.status}`}>
            <p className="load-message-heading">
              {load.status === 'refused' ? t('loads.report.refused') : load.status === 'failed' ? t('loads.report.failed') : null}
            </p>
            <p className="load-message-text">{load.message}</p>
          </div>
        )}
        <LoadFacts report={load} />
        <LoadFiles files={load.files} />
        <RejectSummaryTable rejects={load.rejects} fileCount={load.files.length} />
        {load.rowsRejected > 0 && <RejectedRowsTable key={load.loadId} report={load} />}
      </>
    );
  }

  return (
    <article className="load-report">
      <RouteLink to={homePath} className="back-link">
        <span aria-hidden="true">← </span>
        {t('loads.report.back')}
      </RouteLink>
      <h2 className="page-heading">{t('loads.report.heading', { loadId: String(loadId) })}</h2>
      {body}
    </article>
  );
}
