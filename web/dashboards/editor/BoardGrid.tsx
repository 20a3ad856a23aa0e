import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import ReactGridLayout, { useContainerWidth, verticalCompactor, type Layout, type LayoutItem } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import type { DashboardTile, TileLayout } from '../../api/types.ts';
import { bottomOf, gridColumns, gridItemsOf, gridMargin, gridRowHeight, moveItem, newTileSize, resizeItem, tileHeightPx, type KeyboardStep } from './boardLayout.ts';
import type { TileChange } from './boardEdits.ts';
import { TileCard } from './TileCard.tsx';

/** The type a palette item puts on the drag, so that the grid takes saved charts and nothing else. */
export const chartDragType = 'application/x-hbi-chart';
/** Marks a KPI card's drag: the drop's outline takes a KPI tile's size (a drag's data cannot be read before the drop, its types can). */
export const kpiDragType = 'application/x-hbi-kpi';

/** Where the drag started the grid's own moves: the handle; the tile's inputs stay typable and clickable. */
const handleSelector = '.edit-tile-handle';

type Props = {
  tiles: DashboardTile[];
  onLayout: (layout: Layout) => void;
  /** A saved chart dropped on the grid: its id (from the drag's data) and the place it was dropped on. */
  onDropChart: (chartId: string, place: TileLayout | null) => void;
  onChangeTile: (id: string, change: TileChange) => void;
  onRemoveTile: (id: string) => void;
  /** A keyboard move or resize happened; what to tell screen readers. */
  onAnnounce: (tile: DashboardTile, place: LayoutItem, step: KeyboardStep) => void;
};

const dropping: LayoutItem = { i: '__hbi-dropping__', x: 0, y: 0, ...newTileSize.chart };
const dropConfig = {
  enabled: true,
  defaultItem: newTileSize.chart,
  // Only saved charts from the palette: files and text dragged from elsewhere are refused.
  onDragOver: (event: DragEvent) => {
    const types = event.dataTransfer?.types ?? [];
    if (!types.includes(chartDragType)) return false;
    return types.includes(kpiDragType) ? newTileSize.kpi : newTileSize.chart;
  },
} as const;

/**
 * The current tab's tiles on react-grid-layout's 12-column grid: dragged by their handle, resized
 * by the corner, moved and resized with the arrow keys on the handle, and the palette's charts
 * dropped in from outside.
 */
export function BoardGrid({ tiles, onLayout, onDropChart, onChangeTile, onRemoveTile, onAnnounce }: Props) {
  const { t } = useTranslation();
  const instructionsId = useId();
  const { width, containerRef, mounted } = useContainerWidth();
  const layout = useMemo(() => gridItemsOf(tiles), [tiles]);
  // Room below the last tile, to drop the next chart there.
  const minHeight = tileHeightPx(bottomOf(layout) + newTileSize.chart.h);

  const onKeyboardStep = (tile: DashboardTile, step: KeyboardStep) => {
    const next = step.kind === 'move' ? moveItem(layout, tile.id, step.dx, step.dy) : resizeItem(layout, tile.id, step.dw, step.dh);
    onLayout(next);
    const place = next.find((l) => l.i === tile.id);
    if (place) onAnnounce(tile, place, step);
  };

  const onDrop = (dropped: Layout, item: LayoutItem | undefined, event: Event) => {
    const chartId = (event as DragEvent).dataTransfer?.getData(chartDragType);
    if (!chartId) return;
    // The tiles the dropped one pushed aside stay where the outline pushed them.
    onLayout(dropped.filter((l) => l.i !== dropping.i));
    onDropChart(chartId, item ? { x: item.x, y: item.y, w: item.w, h: item.h } : null);
  };

  return (
    <div ref={containerRef} className="edit-grid-area">
      <p id={instructionsId} className="visually-hidden">{t('dashboardEditor.grid.instructions')}</p>
      {tiles.length === 0 && <p className="edit-grid-empty muted">{t('dashboardEditor.grid.empty')}</p>}
      {mounted && (
        <ReactGridLayout
          className="edit-grid"
          style={{ minHeight }}
          width={width}
          layout={layout}
          gridConfig={{ cols: gridColumns, rowHeight: gridRowHeight, margin: gridMargin, containerPadding: [0, 0] }}
          dragConfig={{ enabled: true, handle: handleSelector }}
          resizeConfig={{ enabled: true, handles: ['se'] }}
          dropConfig={dropConfig}
          droppingItem={dropping}
          compactor={verticalCompactor}
          // Only what the user did: a drag or resize ended. Not onLayoutChange, which also echoes
          // the layout given to the grid, a render late (a keyboard move in between was undone).
          onDragStop={(layout) => onLayout(layout)}
          onResizeStop={(layout) => onLayout(layout)}
          onDrop={onDrop}
        >
          {tiles.map((tile) => (
            <div key={tile.id} className="edit-grid-item">
              <TileCard
                tile={tile} rows={tile.layout.h} instructionsId={instructionsId}
                onChange={(change) => onChangeTile(tile.id, change)}
                onRemove={() => onRemoveTile(tile.id)}
                onKeyboardStep={(step) => onKeyboardStep(tile, step)}
              />
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  );
}
