import { useTranslation } from 'react-i18next';
import { LanguageToggle } from './LanguageToggle.tsx';

export function AppHeader() {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <h1 className="app-title">{t('app.title')}</h1>
      <LanguageToggle />
    </header>
  );
}
