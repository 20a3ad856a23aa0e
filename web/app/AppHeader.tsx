import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/types.ts';
import { SignedInUser } from '../session/SignedInUser.tsx';
import { LanguageToggle } from './LanguageToggle.tsx';
import { MainNav } from './MainNav.tsx';

/** The title, the sections (once logged in), who is logged in (null on the login page), and the language toggle. */
export function AppHeader({ session }: { session: SessionInfo | null }) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <div className="header-start">
        <h1 className="app-title">{t('app.title')}</h1>
        {session && <MainNav />}
      </div>
      <div className="header-tools">
        {session && <SignedInUser session={session} />}
        <LanguageToggle />
      </div>
    </header>
  );
}
