import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/types.ts';
import { useSession } from '../api/useSession.ts';
import { LoadReportPage } from '../loads/LoadReportPage.tsx';
import { LoginPage } from '../session/LoginPage.tsx';
import { AppHeader } from './AppHeader.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
// Boards are the first page most people open (the home board): in the first bundle, not behind a
// lazy chunk whose Suspense reveal React holds back for a moment before the board can even ask.
import { DashboardPage } from '../dashboards/DashboardPage.tsx';
import { DataPage } from './DataPage.tsx';
import { HomePage } from './HomePage.tsx';
import { useRoute } from './navigation.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { ServerFooter } from './ServerFooter.tsx';
import type { Route } from './route.ts';

// The catalogue and the builder bring pinyin tables, Vega and drag and drop: they load when first
// opened, so the home page a manager opens first stays small.
const BuilderPage = lazy(() => import('../builder/BuilderPage.tsx').then((m) => ({ default: m.BuilderPage })));
const CataloguePage = lazy(() => import('../catalogue/CataloguePage.tsx').then((m) => ({ default: m.CataloguePage })));
const MetricPage = lazy(() => import('../catalogue/MetricPage.tsx').then((m) => ({ default: m.MetricPage })));
const DashboardListPage = lazy(() => import('../dashboards/editor/DashboardListPage.tsx').then((m) => ({ default: m.DashboardListPage })));
const DashboardEditorPage = lazy(() => import('../dashboards/editor/DashboardEditorPage.tsx').then((m) => ({ default: m.DashboardEditorPage })));
const SharedLinkPage = lazy(() => import('../dashboards/SharedLinkPage.tsx').then((m) => ({ default: m.SharedLinkPage })));

function Page({ route, session }: { route: Route; session: SessionInfo }) {
  switch (route.page) {
    case 'home':
      return <HomePage session={session} />;
    case 'data':
      return <DataPage session={session} />;
    case 'loadReport':
      return <LoadReportPage key={route.loadId} loadId={route.loadId} role={session.user.role} />;
    case 'metrics':
      return <CataloguePage />;
    case 'metric':
      return <MetricPage key={route.name} name={route.name} session={session} />;
    case 'builder':
      return <BuilderPage key={route.chartId ?? 'new'} chartId={route.chartId} session={session} />;
    case 'dashboards':
      return <DashboardListPage session={session} />;
    case 'dashboard':
      return <DashboardPage key={route.id} id={route.id} session={session} tv={false} />;
    case 'dashboardTv':
      return <DashboardPage key={`${route.id}/tv`} id={route.id} session={session} tv />;
    case 'dashboardEdit':
      return <DashboardEditorPage key={route.id} id={route.id} session={session} />;
    case 'sharedLink':
      return <SharedLinkPage token={route.token} session={session} />;
    case 'notFound':
      return <NotFoundPage path={route.path} />;
  }
}

/**
 * Moves to the top of a new page, and lets keyboard and screen reader users start there too
 * rather than on a link that no longer exists: after following a link, and after logging in.
 * Not on the first page shown, and not for the login page, which puts the cursor in its form.
 */
function useFocusOnNewPage(route: Route, username: string | null | undefined) {
  const main = useRef<HTMLElement>(null);
  const shown = useRef({ route, username });
  useEffect(() => {
    const previous = shown.current;
    if (previous.route === route && previous.username === username) return;
    shown.current = { route, username };
    // undefined: the session was still being checked, so this is the first page shown.
    if (username === null || username === undefined || previous.username === undefined) return;
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [route, username]);
  return main;
}

/** The shell around every page; the address bar says which page, the session whether it shows. */
export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const session = useSession();
  const signedIn = session.data?.user ? session.data : null;
  const main = useFocusOnNewPage(route, session.data ? (signedIn?.user.username ?? null) : undefined);

  // A session already known stays in force when checking it again fails (say, on coming back to
  // the tab while offline): the pages say for themselves what they cannot read.
  let content;
  if (signedIn) {
    content = (
      <Suspense fallback={<p role="status" className="notice">{t('app.loadingPage')}</p>}>
        <Page route={route} session={signedIn} />
      </Suspense>
    );
  } else if (session.data) {
    content = <LoginPage />;
  } else if (session.isError) {
    content = (
      <ErrorNotice
        message={t('session.checkFailed', { message: session.error.message })}
        onRetry={() => void session.refetch()}
        retrying={session.isFetching}
      />
    );
  } else {
    content = (
      <p role="status" className="notice">
        {t('session.checking')}
      </p>
    );
  }

  // A board's TV mode fills the screen on its own: no header or footer (the login page keeps them).
  const tv = route.page === 'dashboardTv' && signedIn !== null;
  return (
    <div className={tv ? 'app app-tv' : 'app'}>
      {!tv && <AppHeader session={signedIn} />}
      <main className="app-main" ref={main} tabIndex={-1}>
        {content}
      </main>
      {!tv && <ServerFooter />}
    </div>
  );
}
