import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../api/types.ts';
import { useCatalogue } from '../../api/useCatalogue.ts';
import { ErrorNotice } from '../../app/ErrorNotice.tsx';
import { RouteLink } from '../../app/RouteLink.tsx';
import { dashboardPath, dashboardsPath } from '../../app/route.ts';
import { DashboardEditor } from './DashboardEditor.tsx';
import { useDashboard } from './useDashboardEditing.ts';

/** /dashboards/:id/edit: the board's editor, for its owner and admins with the edit_charts grant. */
export function DashboardEditorPage({ id, session }: { id: string; session: SessionInfo }) {
  const { t } = useTranslation();
  const board = useDashboard(id);
  const catalogue = useCatalogue();
  const title = board.data ? (board.data.draft ?? board.data.published?.definition)?.title : undefined;

  let content;
  if (board.isError) {
    content = <ErrorNotice message={t('dashboardEditor.page.failed', { message: board.error.message })} onRetry={() => void board.refetch()} retrying={board.isFetching} />;
  } else if (catalogue.isError) {
    content = <ErrorNotice message={t('dashboardEditor.page.catalogueFailed', { message: catalogue.error.message })} onRetry={() => void catalogue.refetch()} retrying={catalogue.isFetching} />;
  } else if (board.isPending || catalogue.isPending) {
    content = <p role="status" className="notice">{t('dashboardEditor.page.loading')}</p>;
  } else if (!board.data.editable || !session.grants.includes('edit_charts')) {
    // A typed or bookmarked address: say so, and lead to the board as readers see it.
    content = (
      <div role="alert" className="notice notice-forbidden">
        <p>{t('dashboardEditor.page.notEditable', { role: t(`roles.${session.user.role}`) })}</p>
        <p><RouteLink to={dashboardPath(id)}>{t('dashboardEditor.page.open')}</RouteLink></p>
      </div>
    );
  } else {
    content = <DashboardEditor key={board.data.id} board={board.data} catalogue={catalogue.data} session={session} />;
  }
  return (
    <div className="board-editor-page">
      <p className="breadcrumb"><RouteLink to={dashboardsPath}>{t('dashboardEditor.list.heading')}</RouteLink></p>
      <h2 className="page-heading">{title ? t('dashboardEditor.page.headingOf', { title }) : t('dashboardEditor.page.heading')}</h2>
      {content}
    </div>
  );
}
