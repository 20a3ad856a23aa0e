import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard, DashboardDefinition, DatasetListing, ServerEvent, SessionInfo } from '../api/types.ts';
import { useDatasets } from '../api/useDatasets.ts';
import { RouteLink } from '../app/RouteLink.tsx';
import { dashboardEditPath, dashboardPath, dashboardTvPath } from '../app/route.ts';
import { formatInstant, formatTimestamp, parseServerTimestamp } from '../format/timestamp.ts';
import { useLanguage } from '../i18n/useLanguage.ts';

/**
 * 数据截至: when the warehouse last published data, the latest `loadedAt` of GET /api/datasets
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
      </div>
      <div className="board-meta">
        <p className="board-stamp" role="status" aria-label={t('dashboard.dataAsOfLabel')} data-loaded-at={loaded ?? ''}>
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
