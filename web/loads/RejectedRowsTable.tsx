import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoadReport } from '../api/types.ts';
import { rejectedRowsCsvPath, useRejectedRows } from '../api/useRejectedRows.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { formatCount } from '../format/count.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { pageRange, rejectedRowsPageSize } from './paging.ts';
import { RejectRuleLabel } from './RejectRuleLabel.tsx';

/**
 * The rejected rows themselves, as the source file had them (the server masks patient
 * identifiers), a page at a time, with all of them as CSV for fixing in Excel.
 */
export function RejectedRowsTable({ report }: { report: LoadReport }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = useId();
  const [offset, setOffset] = useState(0);
  const rejected = useRejectedRows(report.loadId, offset, rejectedRowsPageSize);

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
    const range = pageRange(page.offset, page.rows.length, page.total);
    // A file column only says something when the load read several files; same for sheets.
    const showFile = report.files.length > 1;
    const showSheet = page.rows.some((row) => row.sheet !== null);
    const busy = rejected.isPlaceholderData;
    body = (
      <>
        <nav className="pager" aria-label={t('loads.rejectedRows.pages')}>
          <PagerButton label={t('loads.rejectedRows.previous')} offset={range.previousOffset} onPage={setOffset} />
          <span className="pager-range" role="status">
            {t('loads.rejectedRows.range', {
              first: formatCount(range.first, language),
              last: formatCount(range.last, language),
              total: formatCount(range.total, language),
            })}
          </span>
          <PagerButton label={t('loads.rejectedRows.next')} offset={range.nextOffset} onPage={setOffset} />
        </nav>
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

/**
 * Previous/next. At either end the button stays focusable but inert (aria-disabled), so that a
 * keyboard user who pages to the end does not have focus thrown back to the top of the page.
 */
function PagerButton({ label, offset, onPage }: { label: string; offset: number | null; onPage: (offset: number) => void }) {
  return (
    <button type="button" className="pager-button" aria-disabled={offset === null} onClick={() => offset !== null && onPage(offset)}>
      {label}
    </button>
  );
}
