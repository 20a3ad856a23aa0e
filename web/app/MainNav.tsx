import { useTranslation } from 'react-i18next';
import { useRoute } from './navigation.ts';
import { RouteLink } from './RouteLink.tsx';
import { builderPath, dashboardsPath, dataPath, homePath, metricsPath, type Route } from './route.ts';

/** Which header link a page belongs to: a metric's page belongs to the catalogue. */
function section(route: Route): 'home' | 'data' | 'metrics' | 'builder' | 'dashboards' | null {
  switch (route.page) {
    case 'home':
      return 'home';
    case 'data':
    case 'loadReport':
      return 'data';
    case 'metrics':
    case 'metric':
      return 'metrics';
    case 'builder':
      return 'builder';
    case 'dashboards':
    case 'dashboard':
    case 'dashboardEdit':
    case 'dashboardTv':
    case 'sharedLink':
      return 'dashboards';
    case 'notFound':
      return null;
  }
}

/** The header's links to the app's sections; the current one is marked for screen readers too. */
export function MainNav() {
  const { t } = useTranslation();
  const current = section(useRoute());
  const links = [
    { key: 'home', to: homePath, text: t('nav.home') },
    { key: 'dashboards', to: dashboardsPath, text: t('nav.dashboards') },
    { key: 'metrics', to: metricsPath, text: t('nav.metrics') },
    { key: 'builder', to: builderPath, text: t('builder.nav') },
    { key: 'data', to: dataPath, text: t('nav.data') },
  ] as const;
  return (
    <nav aria-label={t('nav.label')} className="main-nav">
      <ul>
        {links.map((link) => (
          <li key={link.key}>
            <RouteLink to={link.to} aria-current={current === link.key ? 'page' : undefined}>
              {link.text}
            </RouteLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
