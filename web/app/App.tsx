import { ExtractsPage } from '../extracts/ExtractsPage.tsx';
import { AppHeader } from './AppHeader.tsx';
import { ServerFooter } from './ServerFooter.tsx';

/** The shell around every page. There is one page so far, so no router yet. */
export function App() {
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main">
        <ExtractsPage />
      </main>
      <ServerFooter />
    </div>
  );
}
