import { describe, expect, it } from 'vitest';
import type { DashboardDefinition, DashboardTile, SavedChart } from '../../api/types.ts';
import { addChartTile, addTab, addTextTile, changeTile, compactBoard, emptyDefinition, newTileId, removeTab, removeTile, renameTab, tabNameProblem, tileNamedIn, tilesOnTab, undoRemoval } from './boardEdits.ts';
import { firstFreePlace, gridItemsOf, moveItem, resizeItem, withGridLayout } from './boardLayout.ts';

const chart: SavedChart = {
  id: 'c1', owner: 'xinnei', name: '出院人数（病区）', description: '',
  config: { query: { metrics: ['discharges'], dimensions: ['ward'] }, chart: { type: 'bar', x: 'ward', y: ['discharges'] } },
  createdAt: '', updatedAt: '',
};

const text = (id: string, x: number, y: number, w: number, h: number, tab?: string): DashboardTile => ({ id, kind: 'text', text: id, layout: { x, y, w, h }, ...(tab ? { tab } : {}) });

describe('firstFreePlace', () => {
  it('takes the first gap row by row, left to right, and goes below everything when there is none', () => {
    expect(firstFreePlace([], { w: 6, h: 8 })).toEqual({ x: 0, y: 0, w: 6, h: 8 });
    expect(firstFreePlace([{ x: 0, y: 0, w: 6, h: 8 }], { w: 6, h: 8 })).toEqual({ x: 6, y: 0, w: 6, h: 8 });
    // A gap too short for the tile's height is skipped.
    expect(firstFreePlace([{ x: 0, y: 0, w: 6, h: 8 }, { x: 6, y: 2, w: 6, h: 6 }], { w: 6, h: 4 })).toEqual({ x: 0, y: 8, w: 6, h: 4 });
    expect(firstFreePlace([{ x: 0, y: 0, w: 6, h: 8 }, { x: 6, y: 0, w: 6, h: 8 }], { w: 12, h: 2 })).toEqual({ x: 0, y: 8, w: 12, h: 2 });
  });
});

describe('tiles and grid items', () => {
  it('map to react-grid-layout items and back; an unchanged report is no change', () => {
    const tiles = [text('a', 0, 0, 6, 2), { ...text('b', 6, 0, 6, 8), kind: 'chart' as const, chart: chart.config }] as DashboardTile[];
    const items = gridItemsOf(tiles);
    expect(items).toEqual([
      { i: 'a', x: 0, y: 0, w: 6, h: 2, minW: 2, minH: 2 },
      { i: 'b', x: 6, y: 0, w: 6, h: 8, minW: 2, minH: 4 },
    ]);
    expect(withGridLayout(tiles, items)).toBe(tiles);
    const moved = withGridLayout(tiles, [{ ...items[0]!, y: 8 }]);
    expect(moved[0]!.layout).toEqual({ x: 0, y: 8, w: 6, h: 2 });
    expect(moved[1]).toBe(tiles[1]);
  });

  it('move and resize from the keyboard within the grid, pushing tiles in the way', () => {
    const items = gridItemsOf([text('a', 0, 0, 6, 2), text('b', 6, 0, 6, 2)]);
    expect(moveItem(items, 'a', -1, 0).find((l) => l.i === 'a')).toMatchObject({ x: 0, y: 0 });
    expect(moveItem(items, 'b', 1, 0).find((l) => l.i === 'b')).toMatchObject({ x: 6 });
    expect(moveItem(items, 'a', 0, 1).find((l) => l.i === 'a')).toMatchObject({ x: 0, y: 0 }); // compacted back up
    const wider = resizeItem(items, 'a', 2, 1);
    expect(wider.find((l) => l.i === 'a')).toMatchObject({ x: 0, y: 0, w: 8, h: 3 });
    expect(wider.find((l) => l.i === 'b')).toMatchObject({ y: 3 });
    expect(resizeItem(items, 'a', -10, -10).find((l) => l.i === 'a')).toMatchObject({ w: 2, h: 2 });
    expect(resizeItem(items, 'b', 5, 0).find((l) => l.i === 'b')).toMatchObject({ w: 6 });
  });
});

describe('board edits', () => {
  it('add chart tiles as copies at the first free place, with stable ids', () => {
    let board = addChartTile(emptyDefinition('新驾驶舱'), chart, null);
    board = addChartTile(board, chart, null);
    expect(board.tiles.map((t) => [t.id, t.layout])).toEqual([['tile-1', { x: 0, y: 0, w: 6, h: 8 }], ['tile-2', { x: 6, y: 0, w: 6, h: 8 }]]);
    const tile = board.tiles[0]!;
    expect(tile).toMatchObject({ kind: 'chart', title: '出院人数（病区）', sourceChartId: 'c1', chart: chart.config });
    expect(tile.kind === 'chart' && tile.chart).not.toBe(chart.config);
    board = addTextTile(board, 'title', '运营概览', null);
    // A heading goes on top; the tiles move down to make room.
    expect(board.tiles[2]).toMatchObject({ id: 'tile-3', kind: 'text', style: 'title', layout: { x: 0, y: 0, w: 12, h: 2 } });
    expect(board.tiles.slice(0, 2).map((t) => t.layout.y)).toEqual([2, 2]);
    board = addTextTile(board, 'note', '', null);
    expect(board.tiles[3]!.layout).toEqual({ x: 0, y: 10, w: 6, h: 3 });
    const kpi = addChartTile(emptyDefinition('k'), { ...chart, config: { ...chart.config, chart: { type: 'kpi', y: ['discharges'] } } }, null);
    expect(kpi.tiles[0]!.layout).toEqual({ x: 0, y: 0, w: 3, h: 4 });
    expect(newTileId([text('tile-7', 0, 0, 1, 1), text('x', 0, 0, 1, 1)])).toBe('tile-8');
    board = addChartTile(board, chart, null, { x: 3, y: 20, w: 4, h: 5 });
    expect(board.tiles[4]!.layout).toEqual({ x: 3, y: 20, w: 4, h: 5 });
  });

  it('change titles, texts and the global-filter switch', () => {
    let board = addChartTile(addTextTile(emptyDefinition('b'), 'note', '', null), chart, null);
    board = changeTile(board, 'tile-1', { text: '说明文字', title: '说明' });
    board = changeTile(board, 'tile-2', { ignoreGlobalFilters: true, title: '全院' });
    expect(board.tiles[0]).toMatchObject({ text: '说明文字', title: '说明' });
    expect(board.tiles[1]).toMatchObject({ ignoreGlobalFilters: true, title: '全院' });
  });

  it('remove a tile and put it back where it was, or below when its place was taken', () => {
    const board: DashboardDefinition = { ...emptyDefinition('b'), tiles: [text('a', 0, 0, 6, 2), text('b', 6, 0, 6, 2), text('c', 0, 2, 12, 2)] };
    const { definition, removed } = removeTile(board, 'b');
    expect(definition.tiles.map((t) => t.id)).toEqual(['a', 'c']);
    expect(undoRemoval(definition, removed!)).toEqual(board);
    const taken = { ...definition, tiles: [...definition.tiles, text('d', 6, 0, 6, 2)] };
    expect(undoRemoval(taken, removed!).tiles.find((t) => t.id === 'b')!.layout).toEqual({ x: 6, y: 4, w: 6, h: 2 });
    expect(removeTile(board, 'nope').removed).toBeNull();
  });

  it('add, rename and remove tabs, moving the tiles of a removed tab below the neighbour’s', () => {
    let board: DashboardDefinition = { ...emptyDefinition('b'), tiles: [text('a', 0, 0, 6, 2), text('b', 0, 2, 6, 3)] };
    board = addTab(board, '门诊', '总览');
    expect(board.tabs).toEqual(['总览', '门诊']);
    expect(tilesOnTab(board, '总览').map((t) => t.id)).toEqual(['a', 'b']);
    board = { ...board, tiles: [...board.tiles, text('c', 0, 1, 12, 2, '门诊')] };
    expect(tabNameProblem(board.tabs, '门诊')).toBe('taken');
    expect(tabNameProblem(board.tabs, '门诊', '门诊')).toBeNull();
    expect(tabNameProblem(board.tabs, '  ')).toBe('empty');

    board = renameTab(board, '门诊', '门急诊');
    expect(board.tabs).toEqual(['总览', '门急诊']);
    expect(tilesOnTab(board, '门急诊').map((t) => t.id)).toEqual(['c']);

    const merged = removeTab(board, '门急诊');
    expect(merged.tabs).toEqual(['总览']);
    expect(merged.tiles.find((t) => t.id === 'c')).toMatchObject({ tab: '总览', layout: { x: 0, y: 5, w: 12, h: 2 } });

    const first = removeTab(board, '总览');
    expect(first.tabs).toEqual(['门急诊']);
    expect(tilesOnTab(first, '门急诊').map((t) => [t.id, t.layout.y])).toEqual([['a', 3], ['b', 5], ['c', 1]]);

    const none = removeTab(merged, '总览');
    expect(none.tabs).toEqual([]);
    expect(none.tiles.every((t) => t.tab === undefined)).toBe(true);
    expect(none.tiles.map((t) => t.layout.y)).toEqual([0, 2, 5]);
  });
});

describe('tileNamedIn', () => {
  it('finds the tile a refusal names by index or by id', () => {
    const tiles = [text('tile-1', 0, 0, 1, 1), text('tile-2', 0, 0, 1, 1)];
    expect(tileNamedIn('body/definition/tiles/1/chart/query: no metric "x"', tiles)?.id).toBe('tile-2');
    expect(tileNamedIn('tile "tile-1": unknown dimension', tiles)?.id).toBe('tile-1');
    expect(tileNamedIn('body/definition/title must NOT be empty', tiles)).toBeNull();
  });
});

describe('compactBoard', () => {
  it('raises each tab’s tiles into the gaps, tab by tab, and keeps the definition when nothing moves', () => {
    const board: DashboardDefinition = { ...emptyDefinition('b'), tabs: ['甲', '乙'], tiles: [text('a', 0, 3, 6, 2, '甲'), text('b', 0, 5, 6, 2, '乙'), text('c', 6, 0, 6, 2, '甲')] };
    const compacted = compactBoard(board);
    expect(compacted.tiles.map((t) => [t.id, t.layout.y])).toEqual([['a', 0], ['b', 0], ['c', 0]]);
    expect(compactBoard(compacted)).toBe(compacted);
  });
});
