import { useEffect, useRef } from 'react';
import { LoadReportPage } from '../loads/LoadReportPage.tsx';
import { AppHeader } from './AppHeader.tsx';
import { HomePage } from './HomePage.tsx';
import { useRoute } from './navigation.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { ServerFooter } from './ServerFooter.tsx';
import type { Route } from './route.ts';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'loadReport':
      return <LoadReportPage key={route.loadId} loadId={route.loadId} />;
    case 'notFound':
      return <NotFoundPage path={route.path} />;
  }
}

/** The shell around every page; the address bar says which page. */
export function App() {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const shown = useRef(route);
  useEffect(() => {
    if (shown.current === route) return;
    shown.current = route;
    // A new page: start at its top, and let keyboard and screen reader users start there too
    // rather than on a link that no longer exists.
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [route]);
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
      <ServerFooter />
    </div>
  );
}
