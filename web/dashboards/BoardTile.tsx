import { memo, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopLevelSpec } from 'vega-lite';
import type { Catalogue, DashboardTile, MetricQuery, QueryCell, QueryResult } from '../api/types.ts';
import { DrawnChart } from '../builder/ChartView.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import type { ChartConfig, TimeGrain } from '../charts/chartConfig.ts';
import { currentPeriodStart, formatPeriod } from '../charts/periodFormat.ts';
import type { Language } from '../i18n/language.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { clickedCell, selectionOf, type DrillStep, type Selection } from './boardState.ts';
import { highlightSpec } from './highlightSpec.ts';
import { drilledAxis, drillStepOf, nextLevel } from './tileDrill.ts';
import type { DrillThrough } from './DrillThroughDialog.tsx';
import type { BoardLabels } from './useBoardLabels.ts';
import { tileTitle } from './tileTitle.ts';
import { useTileResult } from './useTileResult.ts';

type ChartTile = Extract<DashboardTile, { kind: 'chart' }>;

/** Grid rows are 40 px with 12 px between them (styles.css `.board-grid`). */
const rowHeight = 40;
const rowGap = 12;
/** The tile's title bar, actions and padding take this much of its height; the plot gets the rest. */
const tileChrome = 84;

export function tileHeight(tile: DashboardTile): number {
  return tile.layout.h * rowHeight + (tile.layout.h - 1) * rowGap;
}

/** Where a tile sits on the board's 12-column grid. */
export function gridPlacement(tile: DashboardTile) {
  return { gridColumn: `${tile.layout.x + 1} / span ${tile.layout.w}`, gridRow: `${tile.layout.y + 1} / span ${tile.layout.h}` };
}

export function TextTile({ tile }: { tile: Extract<DashboardTile, { kind: 'text' }> }) {
  const { t } = useTranslation();
  const paragraphs = tile.text.split(/\n\s*\n/);
  return (
    <section className={`board-tile board-text board-text-${tile.style ?? 'note'}`} role="region" aria-label={tile.title ?? t('dashboard.tile.text')} data-tile-id={tile.id} data-state="ready" style={gridPlacement(tile)}>
      {tile.title && <h3 className="tile-title">{tile.title}</h3>}
      {tile.style === 'title' ? <p className="board-text-heading">{tile.text}</p> : paragraphs.map((p, i) => <p key={i}>{p}</p>)}
    </section>
  );
}

type ChartTileProps = {
  tile: ChartTile;
  query: MetricQuery;
  drill: DrillStep[];
  catalogue: Catalogue;
  labels: BoardLabels;
  /** This tile's own selections (its clicked marks). */
  selections: Selection[];
  /** Filters in force that this tile's data cannot follow (dimension names). */
  skipped: string[];
  refreshSeconds: number | null;
  /** Whether the reader may read detail rows (the `detail` grant). */
  canDetail: boolean;
  onSelect: (selection: Selection) => void;
  /** The tile's drill path becomes `steps`. */
  onDrill: (tileId: string, steps: DrillStep[]) => void;
  onDetail: (request: DrillThrough) => void;
};

const noView = () => {};

/**
 * One chart tile: its own loading and error, drawn as its chart config says with the board's
 * axis after drilling; a click cross-filters the other tiles, and the last mark clicked here
 * offers 下钻 (when its hierarchy goes on) and 查看明细 (with the detail grant).
 */
/** The board makes these afresh on every change of its state: equal ones are the same. */
const dataProps = new Set<keyof ChartTileProps>(['query', 'drill', 'selections', 'skipped']);

/** A tile draws again only when what it shows changed: a click elsewhere on the board leaves it be. */
export const ChartTile = memo(ChartTileView, (before, after) => (Object.keys(after) as (keyof ChartTileProps)[]).every((prop) => before[prop] === after[prop]
  || (dataProps.has(prop) && JSON.stringify(before[prop]) === JSON.stringify(after[prop]))));

function ChartTileView({ tile, query, drill, catalogue, labels, selections, skipped, refreshSeconds, canDetail, onSelect, onDrill: drillTile, onDetail }: ChartTileProps) {
  const { t } = useTranslation();
  const onDrill = (steps: DrillStep[]) => drillTile(tile.id, steps);
  const language = useLanguage();
  const result = useTileResult(query, refreshSeconds);
  const axis = drilledAxis(tile, drill, catalogue);
  const [clicked, setClicked] = useState<{ selection: Selection | null; cell: Record<string, QueryCell>; names: Record<string, string>; metric: string } | null>(null);
  // The title says the range the tile shows, which the board's time filter or a click may have changed.
  const shown = tileTitle(tile.title ?? tile.chart.query.metrics.map(labels.metric).join('、'), query, language, t('builder.range.all'));
  // The region keeps the title as written (readers and tests find a tile by it); the heading shows the range beside it.
  const title = shown.title;
  const config = {
    ...(tile.chart.chart as unknown as Omit<ChartConfig, 'language'>),
    ...(axis && drill.length > 0 ? { x: axis.dimension, ...(axis.grain ? { grain: axis.grain } : {}) } : {}),
    language,
  } as ChartConfig;
  const dimensions = query.dimensions ?? [];
  const drawnConfig = useStableConfig(config);
  // The marks this tile's selections picked stay solid, the others fade.
  const picked = JSON.stringify(selections.filter((s) => s.dimension === axis?.dimension).map((s) => s.value));
  // Decorated with or without picks, so that a pick changes only the chart's parameter (see VegaChart).
  const decorate = useMemo(() => {
    const values = JSON.parse(picked) as QueryCell[];
    return axis ? (spec: TopLevelSpec) => highlightSpec(spec, axis.dimension, values) : undefined;
  }, [picked, axis?.dimension]);

  const select = useCallback(
    (datum: Record<string, unknown>) => {
      const selection = selectionOf(tile.id, axis, dimensions, datum);
      const metric = typeof datum['hbi_metric'] === 'string' ? datum['hbi_metric'] : query.metrics[0]!;
      const names = Object.fromEntries(dimensions.filter((d) => d !== 'time' && typeof datum[d] === 'string').map((d) => [d, datum[d] as string]));
      setClicked({ selection, cell: clickedCell(dimensions, datum), names, metric });
      if (selection) onSelect(selection);
    },
    [tile.id, JSON.stringify(axis), JSON.stringify(query), onSelect],
  );

  // The actions follow the last clicked mark while its selection stands (a KPI has no marks: its number as a whole).
  const isKpi = tile.chart.chart.type === 'kpi' && dimensions.length === 0;
  const active = clicked && (clicked.selection === null || selections.some((s) => s.dimension === clicked.selection!.dimension && s.value === clicked.selection!.value)) ? clicked : null;
  const drillTo = active?.selection && axis && active.selection.dimension === axis.dimension ? nextLevel(catalogue, axis.dimension, axis.grain) : null;
  const step = active?.selection && drillTo ? drillStepOf(tile, drill, active.selection.value, catalogue, active.selection.label) : null;

  // While a changed query is out, the previous query's answer stays drawn (placeholder data) and
  // the tile says it is loading; if the new query fails, its error replaces that answer. A failed
  // refresh of the same query keeps the answer it had, under the error.
  const failed = result.isError && (!result.data || result.isPlaceholderData);
  const underWay = periodUnderWay(query, result.data, language);
  const state = failed ? 'error' : result.data && !result.isPlaceholderData ? 'ready' : 'loading';
  const errorNotice = result.isError ? <ErrorNotice message={t('dashboard.tile.failed', { message: result.error.message })} onRetry={() => void result.refetch()} retrying={result.isFetching} /> : null;
  let body;
  if (failed) {
    body = errorNotice;
  } else if (!result.data) {
    body = <p role="status" className="notice">{t('dashboard.tile.loading')}</p>;
  } else {
    const closed = result.data.closedDatasets ?? [];
    body = (
      <>
        {errorNotice}
        {closed.length > 0 && <p role="note" className="warning-text">{t('dashboard.tile.closed', { datasets: closed.join('、') })}</p>}
        {result.data.rows.length === 0 ? (
          <p role="status" className="notice">{t('dashboard.tile.empty')}</p>
        ) : (
          <DrawnChart result={result.data} config={drawnConfig} label={title} onView={noView} onSelect={select} {...(decorate ? { decorate } : {})} height={Math.max(80, tileHeight(tile) - tileChrome)} />
        )}
      </>
    );
  }

  return (
    <section className="board-tile" role="region" aria-label={title} data-tile-id={tile.id} data-state={state} aria-busy={result.isFetching} style={gridPlacement(tile)}>
      <header className="tile-header">
        <h3 className="tile-title">{shown.title}{shown.range && <span className="tile-range muted"> · {shown.range}</span>}</h3>
        {result.isFetching && result.data && <span role="status" className="muted tile-refreshing">{t('dashboard.tile.refreshing')}</span>}
        {tile.ignoreGlobalFilters && <span className="muted tile-badge" title={t('dashboard.tile.ignoresFilters')}>{t('dashboard.tile.ignoresFilters')}</span>}
      </header>
      {skipped.length > 0 && <p className="muted tile-skipped">{t('dashboard.tile.skipped', { dimensions: skipped.map((d) => labels.dimension(d)).join('、') })}</p>}
      {underWay && <p className="muted tile-period-note">{t('dashboard.tile.periodUnderWay', { period: underWay })}</p>}
      {drill.length > 0 && <DrillBreadcrumb tile={tile} drill={drill} labels={labels} catalogue={catalogue} onDrill={onDrill} />}
      <div className="tile-body">{body}</div>
      {(active || (isKpi && canDetail && result.data)) && (
        <div className="tile-actions" role="group" aria-label={t('dashboard.tile.actions')}>
          {active?.selection && <span className="muted">{t('dashboard.tile.selected', { dimension: labels.dimension(active.selection.dimension, active.selection.grain), value: active.selection.label ?? labels.value(active.selection.value, active.selection.dimension, active.selection.grain) })}</span>}
          {step && drillTo && (
            <button type="button" onClick={() => { setClicked(null); onDrill([...drill, step]); }}>
              {t('dashboard.tile.drillDown', { level: labels.dimension(drillTo.dimension, drillTo.grain) })}
            </button>
          )}
          {canDetail && (active || isKpi) && (
            <button type="button" onClick={() => onDetail({ query, metric: active?.metric ?? query.metrics[0]!, cell: active?.cell ?? {}, names: active?.names ?? {} })}>
              {t('dashboard.tile.detail')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** Relative ranges that run to the reader's day, and the period each is. */
const rangesUnderWay: Partial<Record<string, TimeGrain>> = { today: 'day', this_month: 'month', this_quarter: 'quarter', this_year: 'year' };

/**
 * The period still under way on the reader's day, by name (2026年12月), or null: among the
 * answer's periods for a tile by time (a trend's last point falls short of the others, and is
 * drawn dashed), or the range itself for a tile without time (本月 on a KPI card counts the days so far).
 */
function periodUnderWay(query: MetricQuery, result: QueryResult | undefined, language: Language): string | null {
  if (!result) return null;
  if (!(query.dimensions ?? []).includes('time')) {
    const grain = query.timeRange && 'relative' in query.timeRange ? rangesUnderWay[query.timeRange.relative] : undefined;
    return grain && grain !== 'day' ? formatPeriod(currentPeriodStart(grain, new Date()), grain, language) : null;
  }
  const current = currentPeriodStart(query.grain, new Date());
  return result.rows.some((row) => row['time'] === current) ? formatPeriod(current, query.grain, language) : null;
}

/** 科室 > 心血管内科 > 病区: each earlier level a button back to it; the current level last. */
function DrillBreadcrumb({ tile, drill, labels, catalogue, onDrill }: { tile: ChartTile; drill: DrillStep[]; labels: BoardLabels; catalogue: Catalogue; onDrill: (steps: DrillStep[]) => void }) {
  const { t } = useTranslation();
  const current = drilledAxis(tile, drill, catalogue);
  const first = drill[0]!;
  return (
    <nav className="drill-breadcrumb" aria-label={t('dashboard.tile.breadcrumb')}>
      <ol>
        <li>
          <button type="button" className="link-button" onClick={() => onDrill([])}>{labels.dimension(first.dimension, first.grain)}</button>
        </li>
        {drill.map((step, i) => (
          <li key={i}>
            {i < drill.length - 1 ? (
              <button type="button" className="link-button" onClick={() => onDrill(drill.slice(0, i + 1))}>{step.label ?? labels.value(step.value, step.dimension, step.grain)}</button>
            ) : (
              <span>{step.label ?? labels.value(step.value, step.dimension, step.grain)}</span>
            )}
          </li>
        ))}
        {current && <li aria-current="location">{labels.dimension(current.dimension, current.grain)}</li>}
      </ol>
    </nav>
  );
}

/** The same config object while its content is the same: a new object would draw the chart again. */
function useStableConfig(config: ChartConfig): ChartConfig {
  const text = JSON.stringify(config);
  return useMemo(() => JSON.parse(text) as ChartConfig, [text]);
}
