import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Layout, LayoutItem } from 'react-grid-layout';
import type { Catalogue, Dashboard, DashboardDefinition, DashboardTile, SavedChart, SessionInfo, TileLayout } from '../../api/types.ts';
import { useCharts } from '../../api/useCharts.ts';
import { dashboardPath } from '../../app/route.ts';
import {
  addChartTile, addTab, addTextTile, changeTile, compactBoard, emptyDefinition, removeTab, removeTile, renameTab, tileNamedIn, tilesOnTab, undoRemoval,
  type RemovedTile, type TileChange,
} from './boardEdits.ts';
import { withGridLayout, type KeyboardStep } from './boardLayout.ts';
import { BoardGrid } from './BoardGrid.tsx';
import { BoardSettings } from './BoardSettings.tsx';
import { ChartBuilderDialog } from './ChartBuilderDialog.tsx';
import { ChartPalette } from './ChartPalette.tsx';
import { ShareDialog } from './ShareDialog.tsx';
import { TabBar } from './TabBar.tsx';
import { useTileName } from './TileCard.tsx';
import { usePublish, useSaveDraft } from './useDashboardEditing.ts';
import { VersionHistory } from './VersionHistory.tsx';

/** What the editor starts from: the draft, else the published version, else an empty board. */
function startingDefinition(board: Dashboard, untitled: string): DashboardDefinition {
  return structuredClone(board.draft ?? board.published?.definition ?? emptyDefinition(untitled));
}

/**
 * The board being edited. Its definition is the editor's own state (a form over the draft) until
 * 保存草稿 sends it; the board as the server has it stays in TanStack Query. No autosave: a
 * half-arranged board is saved when its author says so; leaving with unsaved changes asks first.
 */
export function DashboardEditor({ board, catalogue, session }: { board: Dashboard; catalogue: Catalogue; session: SessionInfo }) {
  const { t } = useTranslation();
  const tileName = useTileName();
  const charts = useCharts();
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(startingDefinition(board, t('dashboardEditor.list.untitled'))));
  // Compacted as the grid draws it; a stored layout with gaps (an imported file) shows as a change to save.
  const [definition, setDefinition] = useState(() => compactBoard(startingDefinition(board, t('dashboardEditor.list.untitled'))));
  const [chosenTab, setTab] = useState<string | null>(definition.tabs[0] ?? null);
  const [removed, setRemoved] = useState<RemovedTile | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [showVersions, setShowVersions] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [building, setBuilding] = useState(false);
  const [note, setNote] = useState('');
  const undoButton = useRef<HTMLButtonElement>(null);
  const save = useSaveDraft(board.id);
  const publish = usePublish(board.id);

  const dirty = JSON.stringify(definition) !== savedJson;
  const tab = chosenTab !== null && definition.tabs.includes(chosenTab) ? chosenTab : (definition.tabs[0] ?? null);
  const tiles = tilesOnTab(definition, tab);

  // Leaving the page (reload, closing the tab, another address, a link) with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    // Links inside the app switch page without unloading it: they ask too (new tabs and downloads need not).
    const follow = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!link || link.getAttribute('target') === '_blank' || link.hasAttribute('download')) return;
      if (window.confirm(t('dashboardEditor.toolbar.leave'))) return;
      event.preventDefault();
      event.stopPropagation();
    };
    document.addEventListener('click', follow, true);
    return () => {
      window.removeEventListener('beforeunload', warn);
      document.removeEventListener('click', follow, true);
    };
  }, [dirty, t]);

  // Every change leaves the tiles compacted, as the grid draws them.
  const edit = (change: (d: DashboardDefinition) => DashboardDefinition) => setDefinition((d) => compactBoard(change(d)));
  const onLayout = useCallback((layout: Layout) => {
    setDefinition((d) => {
      const next = withGridLayout(d.tiles, layout);
      return next === d.tiles ? d : compactBoard({ ...d, tiles: next });
    });
  }, []);

  const addChart = (chart: SavedChart, place?: TileLayout) => {
    edit((d) => addChartTile(d, chart, tab, place));
    setAnnouncement(t('dashboardEditor.grid.added', { name: chart.name }));
  };
  const onDropChart = (chartId: string, place: TileLayout | null) => {
    const chart = charts.data?.charts.find((c) => c.id === chartId);
    if (chart) addChart(chart, place ?? undefined);
  };
  const onRemoveTile = (id: string) => {
    const result = removeTile(definition, id);
    if (!result.removed) return;
    setDefinition(compactBoard(result.definition));
    setRemoved(result.removed);
    setAnnouncement(t('dashboardEditor.grid.removed', { name: tileName(result.removed.tile) }));
  };
  // The removed tile's × button is gone with it: focus goes to 撤销, the next thing one may want.
  useEffect(() => {
    if (removed) undoButton.current?.focus();
  }, [removed]);
  const onUndo = () => {
    if (!removed) return;
    edit((d) => undoRemoval(d, removed));
    setAnnouncement(t('dashboardEditor.grid.restored', { name: tileName(removed.tile) }));
    setRemoved(null);
  };
  const onAnnounce = (tile: DashboardTile, place: LayoutItem, step: KeyboardStep) => {
    const where = { name: tileName(tile), column: String(place.x + 1), row: String(place.y + 1), width: String(place.w), height: String(place.h) };
    setAnnouncement(t(step.kind === 'move' ? 'dashboardEditor.grid.moved' : 'dashboardEditor.grid.resized', where));
  };
  const onAddTab = () => {
    const first = t('dashboardEditor.tabs.defaultName', { n: '1' });
    const taken = definition.tabs.length === 0 ? [first] : definition.tabs;
    let n = Math.max(2, definition.tabs.length + 1);
    while (taken.includes(t('dashboardEditor.tabs.defaultName', { n: String(n) }))) n++;
    const name = t('dashboardEditor.tabs.defaultName', { n: String(n) });
    edit((d) => addTab(d, name, first));
    setTab(name);
  };

  const onSave = () => save.mutate(definition, { onSuccess: (_board, sent) => setSavedJson(JSON.stringify(sent)) });
  const onPublish = () =>
    publish.mutate(
      { note, unsaved: dirty ? definition : null },
      {
        onSuccess: (_board, sent) => {
          if (sent.unsaved) setSavedJson(JSON.stringify(sent.unsaved));
          setNote('');
        },
      },
    );
  const onRestored = (restored: Dashboard) => {
    const next = structuredClone(restored.draft ?? restored.published?.definition ?? definition);
    setDefinition(compactBoard(next));
    setSavedJson(JSON.stringify(next));
    setRemoved(null);
    setAnnouncement(t('dashboardEditor.versions.restored'));
  };

  /** A refusal in words, with the tile it names when it names one. */
  const refusal = (message: string) => {
    const tile = tileNamedIn(message, definition.tiles);
    return tile && !message.includes(tileName(tile)) ? t('dashboardEditor.errors.inTile', { message, name: tileName(tile) }) : message;
  };
  const version = board.published?.version ?? null;
  const canPublish = dirty || board.draft !== null || version === null;

  return (
    <div className="board-editor">
      <div className="board-toolbar" role="toolbar" aria-label={t('dashboardEditor.toolbar.label')}>
        <div className="board-action">
          <button type="button" className="primary" onClick={onSave} disabled={save.isPending || !dirty} aria-busy={save.isPending}>
            {t('dashboardEditor.toolbar.save')}
          </button>
          <span role="status" className={dirty ? 'board-dirty' : 'muted'}>
            {dirty ? t('dashboardEditor.toolbar.unsaved') : board.draft !== null ? t('dashboardEditor.toolbar.draftSaved') : version !== null ? t('dashboardEditor.toolbar.upToDate') : ''}
          </span>
        </div>
        <div className="board-action board-publish">
          <label>
            <span className="visually-hidden">{t('dashboardEditor.toolbar.note')}</span>
            <input value={note} maxLength={200} placeholder={t('dashboardEditor.toolbar.notePlaceholder')} aria-label={t('dashboardEditor.toolbar.note')} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="button" onClick={onPublish} disabled={publish.isPending || !canPublish || definition.title.trim() === ''} aria-busy={publish.isPending}>
            {t('dashboardEditor.toolbar.publish')}
          </button>
          <span className="muted">{version === null ? t('dashboardEditor.toolbar.neverPublished') : t('dashboardEditor.toolbar.publishedVersion', { version: String(version) })}</span>
        </div>
        <div className="board-action">
          <button type="button" aria-expanded={showVersions} onClick={() => setShowVersions((s) => !s)}>{t('dashboardEditor.toolbar.versions')}</button>
          <button type="button" onClick={() => setSharing(true)}>{t('dashboardEditor.toolbar.share')}</button>
          <a className="button-link" href={dashboardPath(board.id)} target="_blank" rel="noopener">{t('dashboardEditor.toolbar.preview')}</a>
        </div>
      </div>
      {save.isError && <p role="alert" className="error-text">{t('dashboardEditor.errors.save', { message: refusal(save.error.message) })}</p>}
      {publish.isError && <p role="alert" className="error-text">{t('dashboardEditor.errors.publish', { message: refusal(publish.error.message) })}</p>}
      {publish.isSuccess && !publish.isPending && publish.data.published && (
        <p role="status" className="muted">{t('dashboardEditor.toolbar.published', { version: String(publish.data.published.version) })}</p>
      )}
      {showVersions && <VersionHistory id={board.id} dirty={dirty} onRestored={onRestored} />}
      <ShareDialog board={board} open={sharing} onClose={() => setSharing(false)} />

      <BoardSettings definition={definition} catalogue={catalogue} onChange={(change) => edit((d) => ({ ...d, ...change }))} />

      <div className="board-editor-layout">
        <ChartPalette onAdd={(chart) => addChart(chart)} onNewChart={() => setBuilding(true)} />
        <ChartBuilderDialog
          open={building} catalogue={catalogue} session={session} onClose={() => setBuilding(false)}
          onSaved={(chart) => { addChart(chart); setBuilding(false); }}
        />
        <div className="board-canvas">
          <div className="board-canvas-bar">
            <TabBar
              tabs={definition.tabs} current={tab} onSelect={setTab} onAdd={onAddTab}
              onRename={(from, to) => { edit((d) => renameTab(d, from, to)); setTab(to); }}
              onRemove={(name) => edit((d) => removeTab(d, name))}
            />
            <div className="board-add-text">
              <button type="button" onClick={() => edit((d) => addTextTile(d, 'title', '', tab))}>{t('dashboardEditor.grid.addTitle')}</button>
              <button type="button" onClick={() => edit((d) => addTextTile(d, 'note', '', tab))}>{t('dashboardEditor.grid.addNote')}</button>
            </div>
          </div>
          {removed && (
            <p className="board-undo">
              <span>{t('dashboardEditor.grid.removed', { name: tileName(removed.tile) })}</span>
              <button ref={undoButton} type="button" onClick={onUndo}>{t('dashboardEditor.grid.undo')}</button>
            </p>
          )}
          <p role="status" aria-live="polite" className="visually-hidden">{announcement}</p>
          <div {...(tab !== null ? { role: 'tabpanel', 'aria-label': tab } : {})} className="edit-tab-panel">
            <BoardGrid
              key={tab ?? ''}
              tiles={tiles} onLayout={onLayout} onDropChart={onDropChart}
              onChangeTile={(id, change: TileChange) => edit((d) => changeTile(d, id, change))}
              onRemoveTile={onRemoveTile} onAnnounce={onAnnounce}
            />
          </div>
        </div>
      </div>
    </div>
  );
}
