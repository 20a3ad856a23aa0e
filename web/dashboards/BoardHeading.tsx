import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard, DashboardDefinition, DatasetListing, ServerEvent, SessionInfo } from '../api/types.ts';
import { useCatalogue } from '../api/useCatalogue.ts';
import { useDatasets } from '../api/useDatasets.ts';
import { formatDay } from '../format/day.ts';
import { useDataCoverage } from './dataCoverage.ts';
import { RouteLink } from '../app/RouteLink.tsx';
import { dashboardEditPath, dashboardPath, dashboardTvPath } from '../app/route.ts';
import { formatInstant, formatTimestamp, parseServerTimestamp } from '../format/timestamp.ts';
import { useLanguage } from '../i18n/useLanguage.ts';

/**
 * 数据覆盖至 (the latest day with rows the board reads, `dataCoverage.ts`) beside 加载于:
 * when the warehouse last published data, the latest `loadedAt` of GET /api/datasets
 * (every load publishes through it; the tiles' results carry only a version number). In TV mode a
 * `data_published` event asks it again.
 */
export function latestLoad(listing: DatasetListing | undefined): string | null {
  let latest: { text: string; at: number } | null = null;
  for (const dataset of listing?.datasets ?? []) {
    const at = dataset.loadedAt ? parseServerTimestamp(dataset.loadedAt)?.getTime() : undefined;
    if (at !== undefined && (latest === null || at > latest.at)) latest = { text: dataset.loadedAt!, at };
  }
  return latest?.text ?? null;
}

function useNow(enabled: boolean): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, [enabled]);
  return now;
}

function FullscreenButton() {
  const { t } = useTranslation();
  const [full, setFull] = useState(() => typeof document !== 'undefined' && document.fullscreenElement !== null);
  useEffect(() => {
    const changed = () => setFull(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.().catch(() => {});
  };
  return (
    <button type="button" aria-pressed={full} onClick={toggle}>
      {full ? t('dashboard.exitFullscreen') : t('dashboard.fullscreen')}
    </button>
  );
}

/**
 * Whose rows the reader sees: a board shows each reader the rows their access allows, so the same
 * board reads differently for an analyst and a director; it says which (按你的数据权限：仅心血管内科).
 */
function ScopeNotice({ session, datasetLabel }: { session: SessionInfo; datasetLabel: (name: string) => string }) {
  const { t } = useTranslation();
  const scope = session.rowScope ?? [];
  const names = scope.flatMap((s) => s.names);
  const exempt = [...new Set(scope.flatMap((s) => s.exempt ?? []))];
  const text = scope.length === 0 ? t('dashboard.scope.all') : names.length === 0 ? t('dashboard.scope.none') : t('dashboard.scope.only', { names: names.join('、') });
  return (
    <p className="board-scope" role="note" aria-label={t('dashboard.scope.label')} data-scope={scope.length === 0 ? 'all' : scope.flatMap((s) => s.values).join(',')}>
      {text}
      {scope.length > 0 && exempt.length > 0 && <span className="muted">{t('dashboard.scope.exempt', { datasets: exempt.map(datasetLabel).join('、') })}</span>}
    </p>
  );
}

/** The board's title, description, version, 数据截至, and its links (编辑 and 大屏 for editors; in TV mode a clock and 全屏). */
export function BoardHeading({ dashboard, definition, session, tv, shared, live, askStamp }: {
  dashboard: Dashboard; definition: DashboardDefinition; session: SessionInfo; tv: boolean; shared: boolean; live: ServerEvent | null;
  /** Whether to ask for 数据截至 yet: the board asks once its tiles have their answers. */
  askStamp: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const datasets = useDatasets(askStamp);
  const now = useNow(tv);
  const loaded = latestLoad(datasets.data);
  const catalogue = useCatalogue();
  const coverage = useDataCoverage(definition, catalogue.data, askStamp);
  const metricLabel = (name: string) => {
    const found = catalogue.data?.metrics.find((m) => m.name === name);
    return found ? (language === 'en' ? found.label.en : found.label.zh) : name;
  };
  const published = dashboard.published;
  const mayEdit = dashboard.editable && session.grants.includes('edit_charts') && !shared;
  return (
    <header className="board-heading">
      <div className="board-titles">
        <h2 className="page-heading">{definition.title}</h2>
        {definition.description && !tv && <p className="muted">{definition.description}</p>}
        {published && !tv && (
          <p className="muted board-version">{t('dashboard.version', { version: String(published.version), time: formatTimestamp(published.publishedAt, language), user: published.publishedBy })}</p>
        )}
        {shared && <p className="muted">{t('dashboard.shared.notice')}</p>}
        <ScopeNotice session={session} datasetLabel={(name) => {
          const found = catalogue.data?.datasets.find((d) => d.name === name);
          return found ? (language === 'en' ? found.label.en : found.label.zh) : name;
        }} />
      </div>
      <div className="board-meta">
        <p className="board-stamp" role="status" aria-label={t('dashboard.dataAsOfLabel')} data-loaded-at={loaded ?? ''} data-covers-up-to={coverage?.upTo ?? ''}>
          {coverage && (
            <span className="board-coverage">
              {t('dashboard.coversUpTo', { day: formatDay(coverage.upTo, language) })}
              {coverage.sources.length > 0 && (
                <span className="muted"> {t('dashboard.coverageSources', { sources: coverage.sources.map((s) => `${metricLabel(s.metric)} ${formatDay(s.day, language)}`).join(language === 'en' ? ', ' : '，') })}</span>
              )}
              {' · '}
            </span>
          )}
          {loaded ? t('dashboard.dataAsOf', { time: formatTimestamp(loaded, language) }) : t('dashboard.dataAsOfUnknown')}
        </p>
        {tv && live && <p className="board-live muted">{t('dashboard.live')}</p>}
        {tv && (
          <p className="board-clock" aria-label={t('dashboard.clock')}>
            <time dateTime={now.toISOString()}>{formatInstant(now, language)}</time>
          </p>
        )}
        <div className="board-links">
          {tv ? (
            <>
              <FullscreenButton />
              <RouteLink to={dashboardPath(dashboard.id)}>{t('dashboard.exitTv')}</RouteLink>
            </>
          ) : (
            !shared && (
              <>
                {mayEdit && <RouteLink to={dashboardEditPath(dashboard.id)}>{t('dashboard.edit')}</RouteLink>}
                <RouteLink to={dashboardTvPath(dashboard.id)}>{t('dashboard.tv')}</RouteLink>
              </>
            )
          )}
        </div>
      </div>
    </header>
  );
}
