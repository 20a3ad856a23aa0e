import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoadReport } from '../api/types.ts';
import { rejectedRowsCsvPath, useRejectedRows } from '../api/useRejectedRows.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { Pager } from '../app/Pager.tsx';
import { defaultPageSize } from '../app/paging.ts';
import { RejectRuleLabel } from './RejectRuleLabel.tsx';

/**
 * The rejected rows themselves, as the source file had them (the server masks patient
 * identifiers), a page at a time, with all of them as CSV for fixing in Excel.
 */
export function RejectedRowsTable({ report }: { report: LoadReport }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [offset, setOffset] = useState(0);
  const rejected = useRejectedRows(report.loadId, offset, defaultPageSize);

  let body;
  if (rejected.isPending) {
    body = (
      <p role="status" className="notice">
        {t('loads.rejectedRows.loading')}
      </p>
    );
  } else if (rejected.isError) {
    body = (
      <ErrorNotice
        message={t('loads.rejectedRows.loadFailed', { message: rejected.error.message })}
        onRetry={() => void rejected.refetch()}
        retrying={rejected.isFetching}
      />
    );
  } else {
    const page = rejected.data;
    // A file column only says something when the load read several files; same for sheets.
    const showFile = report.files.length > 1;
    const showSheet = page.rows.some((row) => row.sheet !== null);
    const busy = rejected.isPlaceholderData;
    body = (
      <>
        <Pager label={t('loads.rejectedRows.pages')} offset={page.offset} rowsOnPage={page.rows.length} total={page.total} pageSize={defaultPageSize} onPage={setOffset} />
        {/* Focusable, so that keyboard users can scroll the wide table sideways. */}
        <div className="table-scroll" tabIndex={0}>
          <table className="data-table rejected-rows" aria-labelledby={headingId} aria-busy={busy}>
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  {t('loads.rejects.row')}
                </th>
                {showFile && <th scope="col">{t('loads.rejects.file')}</th>}
                {showSheet && <th scope="col">{t('loads.rejects.sheet')}</th>}
                <th scope="col">{t('loads.rejectedRows.reasons')}</th>
                {page.columns.map((column) => (
                  <th scope="col" key={column}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={`${row.file}\u0000${row.sheet ?? ''}\u0000${row.row}`}>
                  <th scope="row" className="numeric">
                    <data value={row.row}>{String(row.row)}</data>
                  </th>
                  {showFile && (
                    <td>
                      <code className="file-path">{row.file}</code>
                    </td>
                  )}
                  {showSheet && <td>{row.sheet}</td>}
                  <td className="reject-reasons">
                    <ul>
                      {row.reasons.map((reason, index) => (
                        // The message is in the summary above and in the CSV; here it would make
                        // every row five lines high.
                        <li key={index} title={reason.message}>
                          <RejectRuleLabel rule={reason.rule} />
                          {reason.column && <code className="reject-column">{reason.column}</code>}
                        </li>
                      ))}
                    </ul>
                  </td>
                  {page.columns.map((column) => (
                    <td key={column} className="source-value">
                      {row.source[column]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  }

  return (
    <section className="report-section" aria-labelledby={headingId}>
      <div className="section-bar">
        <h3 id={headingId} className="section-heading">
          {t('loads.rejectedRows.caption')}
        </h3>
        <a className="button-link" href={rejectedRowsCsvPath(report.loadId)} download title={t('loads.rejectedRows.downloadHint')}>
          {t('loads.rejectedRows.download')}
        </a>
      </div>
      <p className="muted section-note">{t('loads.rejectedRows.maskedNote')}</p>
      {body}
    </section>
  );
}
