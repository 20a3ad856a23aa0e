import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/types.ts';
import { useDashboardListing } from '../api/useDashboardListing.ts';
import { DashboardPage } from '../dashboards/DashboardPage.tsx';
import { DataPage } from './DataPage.tsx';


/**
 * What the app opens on: the project's home board (the hospital's 医院运营驾驶舱) for everyone who
 * may read it; without one (a project without dashboards, or none shared with the user), the data
 * page. A listing that cannot be read falls back to the data page too: it says what it can.
 */
export function HomePage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const listing = useDashboardListing();
  if (listing.isPending) return <p role="status" className="notice">{t('app.loadingPage')}</p>;
  const home = listing.data?.home ?? null;
  if (home) return <DashboardPage key={home} id={home} session={session} tv={false} />;
  return <DataPage session={session} />;
}
