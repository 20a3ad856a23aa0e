import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { seedFromPage } from './api/pageBootstrap.ts';
import { createQueryClient } from './api/queryClient.ts';
import { App } from './app/App.tsx';
import { parseRoute } from './app/route.ts';
import { prefetchBoardPage } from './dashboards/prefetchBoardPage.ts';
import { createI18n } from './i18n/createI18n.ts';
import { browserStorage } from './app/browserStorage.ts';
import { readStoredLanguage } from './i18n/language.ts';
import './styles.css';

const i18n = createI18n(readStoredLanguage(browserStorage()), document);

const queryClient = createQueryClient();
seedFromPage(queryClient, document);
// A board's requests go out now rather than after React's first render.
prefetchBoardPage(queryClient, parseRoute(window.location.pathname));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
