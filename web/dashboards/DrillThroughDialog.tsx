import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricQuery, QueryCell } from '../api/types.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { Pager } from '../app/Pager.tsx';
import { detailPageSize, detailRequest } from './boardQuery.ts';
import type { BoardLabels } from './useBoardLabels.ts';
import { useDetailPage } from './useDetailPage.ts';

/** The number clicked: the tile's query, its metric, and the cell's codes (with the names the chart showed). */
export type DrillThrough = { query: MetricQuery; metric: string; cell: Record<string, QueryCell>; names: Record<string, string> };

/**
 * 查看明细: the rows behind one number, 100 to a page, in a modal dialog. Values are shown as the
 * server sent them: patient identifiers arrive masked for readers without the unmask grant.
 */
export function DrillThroughDialog({ target, labels, onClose }: { target: DrillThrough; labels: BoardLabels; onClose: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const dialog = useRef<HTMLDialogElement>(null);
  const [offset, setOffset] = useState(0);
  const page = useDetailPage(detailRequest(target.query, target.metric, target.cell, offset));

  // Opened as a modal once shown; unmounting removes it. Not closed in a cleanup: closing fires
  // `close`, which would end the drill-through when React runs the effect twice in development.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const cellText = Object.entries(target.cell)
    .map(([d, v]) => `${labels.dimension(d, d === 'time' ? target.query.grain : undefined)}：${target.names[d] ?? labels.value(v, d, target.query.grain)}`)
    .join('，');
  const data = page.data;
  const pick = (label: { zh: string; en: string } | undefined, name: string) => (label ? (language === 'en' ? label.en : label.zh) : name);

  return (
    <dialog ref={dialog} className="detail-dialog" aria-labelledby="detail-dialog-title" onClose={onClose} onCancel={onClose}>
      <header className="detail-header">
        <h3 id="detail-dialog-title">{t('dashboard.detail.title', { metric: labels.metric(target.metric) })}</h3>
        <p className="muted">{cellText || t('dashboard.detail.whole')}</p>
        <button type="button" onClick={onClose}>{t('dashboard.detail.close')}</button>
      </header>
      {page.isError && <p role="alert" className="error-text">{t('dashboard.detail.failed', { message: page.error.message })}</p>}
      {page.isPending && <p role="status" className="notice">{t('dashboard.detail.loading')}</p>}
      {data && (
        <>
          {data.columns.some((c) => c.masked) && <p role="note" className="muted">{t('dashboard.detail.masked')}</p>}
          {data.rows.length === 0 ? (
            <p role="status" className="notice">{t('dashboard.detail.empty')}</p>
          ) : (
            <div className="detail-scroll">
              <table className="data-table" aria-label={t('dashboard.detail.table')} aria-busy={page.isFetching}>
                <thead>
                  <tr>
                    {data.columns.map((c) => (
                      <th key={c.name} scope="col">{pick(c.label, c.name)}{c.masked ? ' *' : ''}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((row, i) => (
                    <tr key={data.offset + i}>
                      {data.columns.map((c) => (
                        <td key={c.name}>{row[c.name] === null || row[c.name] === undefined ? '' : String(row[c.name])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager label={t('dashboard.detail.pages')} offset={data.offset} rowsOnPage={data.rows.length} total={data.total} pageSize={detailPageSize} onPage={setOffset} />
        </>
      )}
    </dialog>
  );
}
