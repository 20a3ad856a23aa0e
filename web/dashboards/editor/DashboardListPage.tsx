import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardSummary, SessionInfo } from '../../api/types.ts';
import { ErrorNotice } from '../../app/ErrorNotice.tsx';
import { navigate } from '../../app/navigation.ts';
import { RouteLink } from '../../app/RouteLink.tsx';
import { dashboardEditPath, dashboardPath } from '../../app/route.ts';
import { formatTimestamp } from '../../format/timestamp.ts';
import { useLanguage } from '../../i18n/useLanguage.ts';
import { emptyDefinition } from './boardEdits.ts';
import { useDashboardListing } from '../../api/useDashboardListing.ts';
import { useCreateDashboard, useImportDashboard } from './useDashboardEditing.ts';

/** 已发布 v3 · 有草稿, or 草稿 for a board never published. */
function BoardStatus({ board }: { board: DashboardSummary }) {
  const { t } = useTranslation();
  if (board.publishedVersion === null) return <span className="board-status board-status-draft">{t('dashboardEditor.list.draftOnly')}</span>;
  return (
    <span className="board-status board-status-published">
      {t('dashboardEditor.list.published', { version: String(board.publishedVersion) })}
      {board.hasDraft && board.editable && <span className="muted">{t('dashboardEditor.list.withDraft')}</span>}
    </span>
  );
}

/** /dashboards: the boards the user may read; editors create, import and export them here. */
export function DashboardListPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const listing = useDashboardListing();
  const create = useCreateDashboard();
  const importBoard = useImportDashboard();
  const fileInput = useRef<HTMLInputElement>(null);
  const [imported, setImported] = useState<{ id: string; title: string } | null>(null);
  const canEdit = session.grants.includes('edit_charts');

  const onCreate = () => create.mutate(emptyDefinition(t('dashboardEditor.list.untitled')), { onSuccess: (board) => navigate(dashboardEditPath(board.id)) });
  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setImported(null);
    importBoard.mutate(await file.text(), {
      onSuccess: (board) => setImported({ id: board.id, title: (board.draft ?? board.published?.definition)?.title ?? board.slug }),
    });
  };

  let content;
  if (listing.isError) {
    content = <ErrorNotice message={t('dashboardEditor.list.failed', { message: listing.error.message })} onRetry={() => void listing.refetch()} retrying={listing.isFetching} />;
  } else if (listing.isPending) {
    content = <p role="status" className="notice">{t('dashboardEditor.list.loading')}</p>;
  } else if (listing.data.dashboards.length === 0) {
    content = <p className="notice">{canEdit ? t('dashboardEditor.list.emptyEditor') : t('dashboardEditor.list.empty')}</p>;
  } else {
    content = (
      <div className="table-scroll">
        <table className="data-table board-list" aria-label={t('dashboardEditor.list.tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('dashboardEditor.list.title')}</th>
              <th scope="col">{t('dashboardEditor.list.owner')}</th>
              <th scope="col">{t('dashboardEditor.list.status')}</th>
              <th scope="col">{t('dashboardEditor.list.updated')}</th>
              <th scope="col"><span className="visually-hidden">{t('dashboardEditor.list.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {listing.data.dashboards.map((board) => (
              <tr key={board.id}>
                <td>
                  <RouteLink to={dashboardPath(board.id)}>{board.title}</RouteLink>
                </td>
                <td>{board.owner}</td>
                <td><BoardStatus board={board} /></td>
                <td><time dateTime={board.updatedAt}>{formatTimestamp(board.updatedAt, language)}</time></td>
                <td>
                  <span className="board-actions">
                    {board.editable && (
                      <RouteLink to={dashboardEditPath(board.id)} aria-label={t('dashboardEditor.list.editBoard', { title: board.title })}>
                        {t('dashboardEditor.list.edit')}
                      </RouteLink>
                    )}
                    {/* Readers export the published version; editors the draft of a board never published. */}
                    {(board.publishedVersion !== null || board.editable) && (
                      <a href={`/api/dashboards/${encodeURIComponent(board.id)}/export${board.publishedVersion === null ? '?draft=true' : ''}`} download={`${board.slug}.yaml`} aria-label={t('dashboardEditor.list.exportBoard', { title: board.title })}>
                        {t('dashboardEditor.list.export')}
                      </a>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className="board-list-page board-editor">
      <h2 className="page-heading">{t('dashboardEditor.list.heading')}</h2>
      {canEdit && (
        <div className="board-toolbar">
          <button type="button" className="primary" onClick={onCreate} disabled={create.isPending} aria-busy={create.isPending}>
            {t('dashboardEditor.list.create')}
          </button>
          <button type="button" onClick={() => fileInput.current?.click()} disabled={importBoard.isPending} aria-busy={importBoard.isPending}>
            {t('dashboardEditor.list.import')}
          </button>
          <input ref={fileInput} type="file" accept=".yaml,.yml,application/yaml,text/yaml" hidden aria-label={t('dashboardEditor.list.importFile')} onChange={(e) => void onImport(e)} />
        </div>
      )}
      {create.isError && <p role="alert" className="error-text">{t('dashboardEditor.list.createFailed', { message: create.error.message })}</p>}
      {importBoard.isError && <p role="alert" className="error-text">{t('dashboardEditor.list.importFailed', { message: importBoard.error.message })}</p>}
      {imported && (
        <p role="status" className="muted">
          {t('dashboardEditor.list.imported', { title: imported.title })} <RouteLink to={dashboardEditPath(imported.id)}>{t('dashboardEditor.list.edit')}</RouteLink>
        </p>
      )}
      {content}
    </div>
  );
}
