import { useTranslation } from 'react-i18next';
import { RouteLink } from './RouteLink.tsx';
import { homePath } from './route.ts';

export function NotFoundPage({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <article>
      <h2 className="page-heading">{t('notFound.heading')}</h2>
      <p className="notice">{t('notFound.body', { path })}</p>
      <p>
        <RouteLink to={homePath}>{t('loads.report.back')}</RouteLink>
      </p>
    </article>
  );
}
