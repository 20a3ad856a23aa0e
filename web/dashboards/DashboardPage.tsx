import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/request.ts';
import type { SessionInfo } from '../api/types.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { ForbiddenNotice } from '../app/ForbiddenNotice.tsx';
import { RouteLink } from '../app/RouteLink.tsx';
import { dashboardEditPath } from '../app/route.ts';
import { DashboardBoard } from './DashboardBoard.tsx';
import { useCatalogue } from '../api/useCatalogue.ts';
import { useDashboard } from './useDashboard.ts';

/**
 * /dashboards/:id and /dashboards/:id/tv: the board's published version as readers see it (its
 * draft is the editor's business). TV mode is the same board, dark, full window, refreshing itself.
 */
export function DashboardPage({ id, session, tv }: { id: string; session: SessionInfo; tv: boolean }) {
  const { t } = useTranslation();
  const dashboard = useDashboard(id);
  // Asked now, beside the board rather than after it: the tiles' queries wait for both.
  useCatalogue();
  if (dashboard.isError) {
    const error = dashboard.error;
    if (error instanceof ApiError && error.status === 403) return <ForbiddenNotice role={session.user.role} action={t('dashboard.forbidden')} message={error.message} />;
    const retry = !(error instanceof ApiError && error.status !== null && error.status < 500);
    return <ErrorNotice message={t('dashboard.failed', { message: error.message })} {...(retry ? { onRetry: () => void dashboard.refetch(), retrying: dashboard.isFetching } : {})} />;
  }
  if (dashboard.isPending) return <p role="status" className="notice">{t('dashboard.loading')}</p>;
  const board = dashboard.data;
  if (!board.published) {
    return (
      <div className="notice">
        <h2 className="page-heading">{board.draft?.title ?? ''}</h2>
        <p>{board.editable ? t('dashboard.unpublishedEditor') : t('dashboard.unpublished')}</p>
        {board.editable && <RouteLink to={dashboardEditPath(board.id)}>{t('dashboard.edit')}</RouteLink>}
      </div>
    );
  }
  // A newly published version starts the board afresh (its filters and tiles may have changed).
  return <DashboardBoard key={board.published.version} dashboard={board} definition={board.published.definition} session={session} tv={tv} />;
}
