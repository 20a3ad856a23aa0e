import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadChartDrawing } from '../builder/loadChartDrawing.ts';
import type { Catalogue, Dashboard, DashboardDefinition, SessionInfo } from '../api/types.ts';
import { useCatalogue } from '../api/useCatalogue.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { boardQueries, skippedFilters } from './boardQuery.ts';
import { initialBoardState, removeSelection, tilesOnTab, toggleSelection, type BoardState, type DrillStep, type Selection } from './boardState.ts';
import { BoardFilterBar, SelectionChips } from './BoardFilterBar.tsx';
import { BoardHeading } from './BoardHeading.tsx';
import { answerSelection, useGroupedAnswers } from './crossFilterAnswers.ts';
import { ChartTile, TextTile } from './BoardTile.tsx';
import { DrillThroughDialog, type DrillThrough } from './DrillThroughDialog.tsx';
import { prefetchBoardTiles } from './prefetchBoardPage.ts';
import { useBoardLabels } from './useBoardLabels.ts';
import { useDataPublished } from './useDataPublished.ts';
import { useTilesAnswered } from './useTilesAnswered.ts';

/** TV mode's refresh when the board names none: every five minutes. */
const defaultTvRefreshSeconds = 300;

type BoardProps = {
  dashboard: Dashboard;
  definition: DashboardDefinition;
  session: SessionInfo;
  tv: boolean;
  /** Opened through a share link: no edit or TV links. */
  shared?: boolean;
};

/** A published board as readers see it; waits for the catalogue, which says where filters apply. */
export function DashboardBoard(props: BoardProps) {
  const { t } = useTranslation();
  const catalogue = useCatalogue();
  const live = useDataPublished(true);
  const tilesAnswered = useTilesAnswered(catalogue.isSuccess);
  const className = props.tv ? 'dashboard-page board-tv' : 'dashboard-page';
  return (
    <div className={className}>
      <BoardHeading dashboard={props.dashboard} definition={props.definition} session={props.session} tv={props.tv} shared={props.shared ?? false} live={live} askStamp={tilesAnswered} />
      {catalogue.isError ? (
        <ErrorNotice message={t('dashboard.catalogueFailed', { message: catalogue.error.message })} onRetry={() => void catalogue.refetch()} retrying={catalogue.isFetching} />
      ) : catalogue.isPending ? (
        <p role="status" className="notice">{t('dashboard.catalogueLoading')}</p>
      ) : (
        <BoardBody {...props} catalogue={catalogue.data} />
      )}
    </div>
  );
}

function BoardBody({ definition, session, tv, catalogue }: BoardProps & { catalogue: Catalogue }) {
  const { t } = useTranslation();
  const labels = useBoardLabels(catalogue);
  const [state, setState] = useState<BoardState>(() => initialBoardState(definition));
  const [tab, setTab] = useState(definition.tabs[0]);
  const [detail, setDetail] = useState<DrillThrough | null>(null);
  const queries = useMemo(() => boardQueries(definition, state, catalogue), [definition, state, catalogue]);
  const refreshSeconds = tv ? (definition.refreshSeconds ?? defaultTvRefreshSeconds) : (definition.refreshSeconds ?? null);
  const canDetail = session.grants.includes('detail') && !tv;
  // Vega loads with the first chart drawn; a board will draw charts, so load it while the tiles'
  // batch is out (it has left by now: the batcher sends as the tiles' effects end).
  useEffect(() => {
    void loadChartDrawing();
  }, []);

  useGroupedAnswers(definition, state, tab, catalogue);
  // A change (a click, a filter, a drill) asks for the tiles' new answers at once, before React
  // draws it: the tiles then find them under way. `shown` is the state as last changed.
  const client = useQueryClient();
  const shown = useRef({ state, tab });
  shown.current.tab = tab;
  const change = useCallback((next: (s: BoardState) => BoardState) => {
    const before = shown.current.state;
    const changed = next(before);
    shown.current.state = changed;
    // A click's answers worked out from the grouped ones held (crossFilterAnswers.ts) are not asked.
    answerSelection(client, definition, before, changed, shown.current.tab, catalogue);
    prefetchBoardTiles(client, definition, changed, shown.current.tab, catalogue);
    setState(changed);
  }, [client, definition, catalogue]);
  const select = useCallback((selection: Selection) => change((s) => ({ ...s, selections: toggleSelection(s.selections, selection) })), [change]);
  const drill = useCallback((tileId: string, steps: DrillStep[]) => change((s) => ({ ...s, drills: { ...s.drills, [tileId]: steps } })), [change]);
  const filtersChanged = JSON.stringify(state.filters) !== JSON.stringify(definition.filters);
  const changeFilters = useCallback((filters: BoardState['filters']) => change((s) => ({ ...s, filters })), [change]);
  const resetFilters = useMemo(() => (filtersChanged ? () => change((s) => ({ ...s, filters: structuredClone(definition.filters) })) : null), [filtersChanged, definition.filters, change]);

  const tiles = (
    <div className="board-grid" role="group" aria-label={t('dashboard.grid')}>
      {tilesOnTab(definition, tab).map((tile) =>
        tile.kind === 'text' ? (
          <TextTile key={tile.id} tile={tile} />
        ) : (
          <ChartTile
            key={tile.id}
            tile={tile}
            query={queries.get(tile.id)!}
            drill={state.drills[tile.id] ?? []}
            catalogue={catalogue}
            labels={labels}
            selections={state.selections.filter((s) => s.tileId === tile.id)}
            skipped={skippedFilters(tile, state.filters, state.selections, catalogue)}
            refreshSeconds={refreshSeconds}
            canDetail={canDetail}
            onSelect={select}
            onDrill={drill}
            onDetail={setDetail}
          />
        ),
      )}
    </div>
  );

  return (
    <>
      {!tv && (
        <BoardFilterBar
          filters={state.filters}
          labels={labels}
          onChange={changeFilters}
          onReset={resetFilters}
        />
      )}
      <SelectionChips
        selections={state.selections}
        labels={labels}
        hint={!tv}
        onRemove={(selection) => change((s) => ({ ...s, selections: removeSelection(s.selections, selection) }))}
        onClear={() => change((s) => ({ ...s, selections: [] }))}
      />
      {definition.tabs.length > 0 ? (
        <>
          <div className="board-tabs" role="tablist" aria-label={t('dashboard.tabs')}>
            {definition.tabs.map((name, i) => (
              <button key={name} type="button" role="tab" id={`board-tab-${i}`} aria-selected={name === tab} aria-controls="board-tabpanel" tabIndex={name === tab ? 0 : -1} onClick={() => setTab(name)}
                onKeyDown={(e) => {
                  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                  if (step === 0) return;
                  const next = definition.tabs[(i + step + definition.tabs.length) % definition.tabs.length]!;
                  setTab(next);
                  (e.currentTarget.parentElement?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[definition.tabs.indexOf(next)])?.focus();
                }}>
                {name}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="board-tabpanel" aria-labelledby={`board-tab-${definition.tabs.indexOf(tab ?? '')}`}>
            {tiles}
          </div>
        </>
      ) : (
        tiles
      )}
      {detail && <DrillThroughDialog target={detail} labels={labels} onClose={() => setDetail(null)} />}
    </>
  );
}
