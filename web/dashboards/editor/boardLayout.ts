// Where tiles sit on the board's 12-column grid, as plain data: the board's TileLayout ↔
// react-grid-layout's items, the first free place for a new tile, and the moves and resizes the
// keyboard makes (the mouse's go through react-grid-layout itself). Pure: tested without a browser.
import { moveElement, verticalCompactor, type Layout, type LayoutItem } from 'react-grid-layout/core';
import type { DashboardTile, TileLayout } from '../../api/types.ts';

export const gridColumns = 12;
/** Pixels per grid row; the readers' board draws with the same unit. */
export const gridRowHeight = 40;
/** Gap between tiles, horizontal and vertical, in pixels. */
export const gridMargin: [number, number] = [12, 12];

type Size = { w: number; h: number };

/** A new tile's size: charts half the width (KPI cards a quarter, and short), headings the whole width. */
export const newTileSize = {
  chart: { w: 6, h: 8 },
  kpi: { w: 3, h: 4 },
  title: { w: 12, h: 2 },
  note: { w: 6, h: 3 },
} as const satisfies Record<string, Size>;

/** The smallest a tile may be made: a chart needs room for its title bar and a few marks. */
export function minimumSize(tile: Pick<DashboardTile, 'kind'>): Size {
  return tile.kind === 'chart' ? { w: 2, h: 4 } : { w: 2, h: 2 };
}

/** Pixels a tile of `h` rows takes, gaps between its rows included. */
export function tileHeightPx(h: number): number {
  return h * gridRowHeight + Math.max(0, h - 1) * gridMargin[1];
}

/** The grid items react-grid-layout draws for these tiles (same order, `i` = tile id). */
export function gridItemsOf(tiles: readonly DashboardTile[]): LayoutItem[] {
  return tiles.map((tile) => {
    const min = minimumSize(tile);
    return { i: tile.id, x: tile.layout.x, y: tile.layout.y, w: tile.layout.w, h: tile.layout.h, minW: min.w, minH: min.h };
  });
}

const sameLayout = (a: TileLayout, b: TileLayout) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

/**
 * The tiles with the places react-grid-layout reports; tiles it does not list (those of other
 * tabs) keep theirs. The same array back when nothing moved, so that the grid's report on its
 * first render does not count as a change.
 */
export function withGridLayout(tiles: DashboardTile[], layout: Layout): DashboardTile[] {
  const places = new Map(layout.map((item) => [item.i, { x: item.x, y: item.y, w: item.w, h: item.h }]));
  let changed = false;
  const next = tiles.map((tile) => {
    const place = places.get(tile.id);
    if (!place || sameLayout(place, tile.layout)) return tile;
    changed = true;
    return { ...tile, layout: place };
  });
  return changed ? next : tiles;
}

const overlaps = (a: TileLayout, b: TileLayout) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The row below every tile. */
export function bottomOf(layouts: readonly TileLayout[]): number {
  return layouts.reduce((max, l) => Math.max(max, l.y + l.h), 0);
}

/**
 * Where a tile of `size` goes when added by a click: the first place, row by row from the top
 * and left to right, where it overlaps no tile; below everything when there is none.
 */
export function firstFreePlace(layouts: readonly TileLayout[], size: Size, cols = gridColumns): TileLayout {
  const w = Math.min(size.w, cols);
  const bottom = bottomOf(layouts);
  for (let y = 0; y < bottom; y++) {
    for (let x = 0; x + w <= cols; x++) {
      const candidate = { x, y, w, h: size.h };
      if (!layouts.some((l) => overlaps(l, candidate))) return candidate;
    }
  }
  return { x: 0, y: bottom, w, h: size.h };
}

/** The layout with every tile risen as far as it can go, as react-grid-layout keeps it. */
export function compactedItems(layout: Layout): LayoutItem[] {
  return [...verticalCompactor.compact(layout, gridColumns)];
}

/**
 * Moves tile `id` by whole cells from the keyboard (the mouse's moves are react-grid-layout's):
 * tiles in the way make room, the way a drag pushes them, and the grid stays compacted.
 */
export function moveItem(layout: Layout, id: string, dx: number, dy: number): LayoutItem[] {
  const item = layout.find((l) => l.i === id);
  if (!item) return [...layout];
  const x = Math.max(0, Math.min(gridColumns - item.w, item.x + dx));
  // Upward past the tile above: jump over it, as dragging there would.
  const y = Math.max(0, item.y + dy);
  const moved = moveElement(layout.map((l) => ({ ...l })), { ...item }, x, y, true, false, 'vertical', gridColumns);
  return compactedItems(moved);
}

/** Makes tile `id` wider or narrower, taller or shorter by whole cells, within its minimum and the grid. */
export function resizeItem(layout: Layout, id: string, dw: number, dh: number): LayoutItem[] {
  const resized = layout.map((l) => {
    if (l.i !== id) return { ...l };
    const w = Math.max(l.minW ?? 1, Math.min(gridColumns - l.x, l.w + dw));
    const h = Math.max(l.minH ?? 1, l.h + dh);
    return { ...l, w, h };
  });
  // The grown tile keeps its place; the ones it now covers are pushed below it.
  const item = resized.find((l) => l.i === id);
  if (!item) return resized;
  return compactedItems(moveElement(resized, item, item.x, item.y, true, false, 'vertical', gridColumns));
}

/** What the arrow keys on a tile's handle do: move it, or with Shift resize it, by one cell. */
export type KeyboardStep = { kind: 'move'; dx: number; dy: number } | { kind: 'resize'; dw: number; dh: number };

export function keyboardStep(event: { key: string; shiftKey: boolean }): KeyboardStep | null {
  const delta = ({ ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] } as Record<string, [number, number]>)[event.key];
  if (!delta) return null;
  const [x, y] = delta;
  return event.shiftKey ? { kind: 'resize', dw: x, dh: y } : { kind: 'move', dx: x, dy: y };
}
