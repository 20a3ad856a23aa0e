import { useTranslation } from 'react-i18next';
import { useHealth } from '../api/useHealth.ts';

export function ServerFooter() {
  const { t } = useTranslation();
  const health = useHealth();
  return (
    <footer className="app-footer">
      {health.isSuccess && t('server.version', { version: health.data.version })}
      {health.isError && t('server.versionUnknown', { message: health.error.message })}
    </footer>
  );
}
