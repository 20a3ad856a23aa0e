import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/types.ts';
import { DashboardPage } from '../dashboards/DashboardPage.tsx';
import { useHomeDashboard } from '../dashboards/useDashboard.ts';
import { DataPage } from './DataPage.tsx';


/**
 * What the app opens on: the project's home board (the hospital's 医院运营驾驶舱) for everyone who
 * may read it; without one (a project without dashboards, or none shared with the user), the data
 * page. A home board that cannot be read falls back to the data page too: it says what it can.
 */
export function HomePage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const home = useHomeDashboard();
  if (home.isPending) return <p role="status" className="notice">{t('app.loadingPage')}</p>;
  const board = home.data?.dashboard ?? null;
  if (board) return <DashboardPage key={board.id} id={board.id} session={session} tv={false} />;
  return <DataPage session={session} />;
}
