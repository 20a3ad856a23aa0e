// The editor's changes to a board's definition, as pure functions from one definition to the
// next: tiles added, changed and removed (with the last removal kept for undo), and tabs added,
// renamed and removed. The editor keeps one definition in its state and sends it as the draft.
import type { DashboardDefinition, DashboardTile, SavedChart, TileLayout } from '../../api/types.ts';
import { bottomOf, compactedItems, firstFreePlace, gridItemsOf, newTileSize, withGridLayout } from './boardLayout.ts';

/** A new board: what POST /api/dashboards gets from 新建驾驶舱. */
export function emptyDefinition(title: string): DashboardDefinition {
  return { title, description: '', tabs: [], filters: { dimensions: [] }, tiles: [] };
}

/** The tab a tile shows on: its own when the board has it, else the first; null on a board without tabs. */
export function tabOf(tile: DashboardTile, tabs: readonly string[]): string | null {
  if (tabs.length === 0) return null;
  return tile.tab !== undefined && tabs.includes(tile.tab) ? tile.tab : tabs[0]!;
}

export function tilesOnTab(definition: DashboardDefinition, tab: string | null): DashboardTile[] {
  return definition.tiles.filter((tile) => tabOf(tile, definition.tabs) === tab);
}

/** `tile-N`, one more than the largest N on the board: short, stable, readable in YAML. */
export function newTileId(tiles: readonly DashboardTile[]): string {
  const numbers = tiles.map((t) => /^tile-(\d+)$/.exec(t.id)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  let next = Math.max(0, ...numbers) + 1;
  while (tiles.some((t) => t.id === `tile-${next}`)) next++;
  return `tile-${next}`;
}

/**
 * Every tab's tiles risen as far as they go, the way react-grid-layout draws them: the board
 * saved is the board seen, with no gap left by a removed or moved tile. The same definition back
 * when nothing moves.
 */
export function compactBoard(definition: DashboardDefinition): DashboardDefinition {
  const tabs = definition.tabs.length === 0 ? [null] : definition.tabs;
  let tiles = definition.tiles;
  for (const tab of tabs) tiles = withGridLayout(tiles, compactedItems(gridItemsOf(tilesOnTab({ ...definition, tiles }, tab))));
  return tiles === definition.tiles ? definition : { ...definition, tiles };
}

const onTab = (tab: string | null) => (tab === null ? {} : { tab });

/**
 * Adds a copy of a saved chart's config as a tile on `tab`: at `place` when it was dropped
 * there, else at the first free place. Later changes to the saved chart do not reach the board.
 */
export function addChartTile(definition: DashboardDefinition, chart: SavedChart, tab: string | null, place?: TileLayout): DashboardDefinition {
  const layouts = tilesOnTab(definition, tab).map((t) => t.layout);
  const tile: DashboardTile = {
    id: newTileId(definition.tiles),
    kind: 'chart',
    title: chart.name,
    layout: place ?? firstFreePlace(layouts, chart.config.chart.type === 'kpi' ? newTileSize.kpi : newTileSize.chart),
    ...onTab(tab),
    chart: structuredClone(chart.config),
    sourceChartId: chart.id,
  };
  return { ...definition, tiles: [...definition.tiles, tile] };
}

/**
 * Adds a heading across the top of `tab`, the tiles there moving down to make room (a board
 * opens with its heading), or a note at the first free place.
 */
export function addTextTile(definition: DashboardDefinition, style: 'title' | 'note', text: string, tab: string | null): DashboardDefinition {
  const onThisTab = new Set(tilesOnTab(definition, tab));
  const id = newTileId(definition.tiles);
  if (style === 'title') {
    const size = newTileSize.title;
    const moved = definition.tiles.map((t) => (onThisTab.has(t) ? { ...t, layout: { ...t.layout, y: t.layout.y + size.h } } : t));
    const tile: DashboardTile = { id, kind: 'text', style, text, layout: { x: 0, y: 0, ...size }, ...onTab(tab) };
    return { ...definition, tiles: [...moved, tile] };
  }
  const tile: DashboardTile = { id, kind: 'text', style, text, layout: firstFreePlace([...onThisTab].map((t) => t.layout), newTileSize.note), ...onTab(tab) };
  return { ...definition, tiles: [...definition.tiles, tile] };
}

/** What a change to a tile may touch: its title, a chart's filter switch, a text's words and style. */
export type TileChange = { title?: string; ignoreGlobalFilters?: boolean; text?: string; style?: 'title' | 'note' };

export function changeTile(definition: DashboardDefinition, id: string, change: TileChange): DashboardDefinition {
  return {
    ...definition,
    tiles: definition.tiles.map((tile): DashboardTile => {
      if (tile.id !== id) return tile;
      const title = change.title === undefined ? {} : { title: change.title };
      if (tile.kind === 'chart') {
        const ignore = change.ignoreGlobalFilters === undefined ? {} : { ignoreGlobalFilters: change.ignoreGlobalFilters };
        return { ...tile, ...title, ...ignore };
      }
      return { ...tile, ...title, ...(change.text === undefined ? {} : { text: change.text }), ...(change.style === undefined ? {} : { style: change.style }) };
    }),
  };
}

/** A removed tile and where it was in the list, so that undo puts it back as it was. */
export type RemovedTile = { tile: DashboardTile; index: number };

export function removeTile(definition: DashboardDefinition, id: string): { definition: DashboardDefinition; removed: RemovedTile | null } {
  const index = definition.tiles.findIndex((t) => t.id === id);
  if (index < 0) return { definition, removed: null };
  return { definition: { ...definition, tiles: definition.tiles.filter((t) => t.id !== id) }, removed: { tile: definition.tiles[index]!, index } };
}

/**
 * Puts a removed tile back. Its old place may have been taken since: then it goes below the
 * tiles of its tab (react-grid-layout would otherwise push the newer tiles down).
 */
export function undoRemoval(definition: DashboardDefinition, removed: RemovedTile): DashboardDefinition {
  if (definition.tiles.some((t) => t.id === removed.tile.id)) return definition;
  const tab = tabOf(removed.tile, definition.tabs);
  const others = tilesOnTab(definition, tab).map((t) => t.layout);
  const { layout } = removed.tile;
  const free = !others.some((l) => l.x < layout.x + layout.w && layout.x < l.x + l.w && l.y < layout.y + layout.h && layout.y < l.y + l.h);
  const tile = free ? removed.tile : { ...removed.tile, layout: { ...layout, y: bottomOf(others) } };
  const tiles = [...definition.tiles];
  tiles.splice(Math.min(removed.index, tiles.length), 0, tabbed(tile, tab));
  return { ...definition, tiles };
}

/** The tile on `tab` (or without a tab on a board without tabs). */
function tabbed(tile: DashboardTile, tab: string | null): DashboardTile {
  if (tab === null) {
    const { tab: _dropped, ...rest } = tile;
    return rest as DashboardTile;
  }
  return { ...tile, tab };
}

export type TabNameProblem = 'empty' | 'taken';

/** Why a tab name cannot be used, or null when it can. */
export function tabNameProblem(tabs: readonly string[], name: string, renaming?: string): TabNameProblem | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty';
  if (tabs.some((t) => t === trimmed && t !== renaming)) return 'taken';
  return null;
}

/**
 * Adds a tab after the others. The first tab added to a board without tabs comes with one for
 * the tiles already there (`existingName`), so that nothing disappears from view.
 */
export function addTab(definition: DashboardDefinition, name: string, existingName: string): DashboardDefinition {
  if (definition.tabs.length === 0) {
    const first = existingName === name ? `${existingName} 1` : existingName;
    return { ...definition, tabs: [first, name], tiles: definition.tiles.map((t) => ({ ...t, tab: first })) };
  }
  return { ...definition, tabs: [...definition.tabs, name.trim()] };
}

export function renameTab(definition: DashboardDefinition, from: string, to: string): DashboardDefinition {
  const name = to.trim();
  const first = definition.tabs[0];
  return {
    ...definition,
    tabs: definition.tabs.map((t) => (t === from ? name : t)),
    // Tiles without a tab sat on the first; they keep sitting there under its new name.
    tiles: definition.tiles.map((t) => (t.tab === from || (from === first && tabOf(t, definition.tabs) === from) ? { ...t, tab: name } : t)),
  };
}

/**
 * Removes a tab; its tiles move to the tab before it (the next, for the first), below the tiles
 * already there, keeping their arrangement. Removing the only tab leaves a board without tabs.
 */
export function removeTab(definition: DashboardDefinition, name: string): DashboardDefinition {
  const index = definition.tabs.indexOf(name);
  if (index < 0) return definition;
  const tabs = definition.tabs.filter((t) => t !== name);
  const target = tabs.length === 0 ? null : definition.tabs[index === 0 ? 1 : index - 1]!;
  const moving = new Set(definition.tiles.filter((t) => tabOf(t, definition.tabs) === name));
  const below = bottomOf(definition.tiles.filter((t) => !moving.has(t) && tabOf(t, definition.tabs) === target).map((t) => t.layout));
  const top = Math.min(...[...moving].map((t) => t.layout.y));
  const tiles = definition.tiles.map((t) =>
    moving.has(t) ? tabbed({ ...t, layout: { ...t.layout, y: t.layout.y - top + below } }, target) : tabbed(t, tabs.length === 0 ? null : tabOf(t, definition.tabs)),
  );
  return { ...definition, tabs, tiles };
}

/**
 * The tile a server's refusal names, by its place in the list (`tiles/2`, `tiles[2]`, as schema
 * paths write it) or by its id in quotes, so that the editor can say which tile to fix.
 */
export function tileNamedIn(message: string, tiles: readonly DashboardTile[]): DashboardTile | null {
  const index = /tiles(?:\/|\[|\.)(\d+)/.exec(message)?.[1];
  if (index !== undefined) return tiles[Number(index)] ?? null;
  return tiles.find((t) => message.includes(`"${t.id}"`) || message.includes(`'${t.id}'`)) ?? null;
}
