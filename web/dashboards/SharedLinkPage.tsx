import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/request.ts';
import type { SessionInfo } from '../api/types.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { DashboardBoard } from './DashboardBoard.tsx';
import { useSharedLink } from './useDashboard.ts';

/** /shared/:token: the board a share link opens, read-only, until the link expires (410). */
export function SharedLinkPage({ token, session }: { token: string; session: SessionInfo }) {
  const { t } = useTranslation();
  const link = useSharedLink(token);
  if (link.isError) {
    const error = link.error;
    if (error instanceof ApiError && error.status === 410) {
      return <div role="alert" className="notice notice-error"><p>{t('dashboard.shared.expired')}</p></div>;
    }
    const retry = !(error instanceof ApiError && error.status !== null && error.status < 500);
    return <ErrorNotice message={t('dashboard.shared.failed', { message: error.message })} {...(retry ? { onRetry: () => void link.refetch(), retrying: link.isFetching } : {})} />;
  }
  if (link.isPending) return <p role="status" className="notice">{t('dashboard.shared.loading')}</p>;
  const board = link.data;
  if (!board.published) return <p className="notice">{t('dashboard.unpublished')}</p>;
  return <DashboardBoard key={board.published.version} dashboard={board} definition={board.published.definition} session={session} tv={false} shared />;
}
