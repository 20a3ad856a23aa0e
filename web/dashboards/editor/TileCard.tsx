import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardTile } from '../../api/types.ts';
import type { TileChange } from './boardEdits.ts';
import { keyboardStep, tileHeightPx, type KeyboardStep } from './boardLayout.ts';
import { TilePreview } from './TilePreview.tsx';

/** The tile's name for buttons and screen readers: its title, its text, or what kind it is. */
export function useTileName() {
  const { t } = useTranslation();
  return (tile: DashboardTile) => {
    if (tile.title?.trim()) return tile.title.trim();
    if (tile.kind === 'text') return tile.text.trim().split('\n')[0]?.slice(0, 30) || t(`dashboardEditor.tile.${tile.style ?? 'note'}`);
    return t('dashboardEditor.tile.chart');
  };
}

type Props = {
  tile: DashboardTile;
  /** The tile's height in grid rows, for the preview's size. */
  rows: number;
  instructionsId: string;
  onChange: (change: TileChange) => void;
  onRemove: () => void;
  onKeyboardStep: (step: KeyboardStep) => void;
};

/**
 * One tile in the editor: a drag handle (also moved and resized with the arrow keys), the title,
 * the global-filter switch, the remove button, and the chart's preview or the text to edit.
 */
export function TileCard({ tile, rows, instructionsId, onChange, onRemove, onKeyboardStep }: Props) {
  const { t } = useTranslation();
  const name = useTileName()(tile);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const step = keyboardStep(event);
    if (!step) return;
    event.preventDefault();
    onKeyboardStep(step);
  };
  // The title bar and the switch take about 4.5rem; the chart gets the rest of the tile.
  const chartHeight = Math.max(60, tileHeightPx(rows) - (tile.kind === 'chart' ? 84 : 0));

  return (
    <article className={`edit-tile edit-tile--${tile.kind}${tile.kind === 'text' ? ` edit-tile--${tile.style ?? 'note'}` : ''}`} aria-label={name}>
      <div className="edit-tile-bar">
        <button type="button" className="edit-tile-handle" aria-label={t('dashboardEditor.tile.move', { name })} aria-describedby={instructionsId} onKeyDown={onKeyDown}>
          <span aria-hidden="true">⠿</span>
        </button>
        {tile.kind === 'chart' ? (
          <input
            className="edit-tile-title" value={tile.title ?? ''} placeholder={t('dashboardEditor.tile.titlePlaceholder')}
            aria-label={t('dashboardEditor.tile.titleLabel')} maxLength={100}
            onChange={(e) => onChange({ title: e.target.value })}
          />
        ) : (
          <select className="edit-tile-style" value={tile.style ?? 'note'} aria-label={t('dashboardEditor.tile.style')} onChange={(e) => onChange({ style: e.target.value as 'title' | 'note' })}>
            <option value="title">{t('dashboardEditor.tile.title')}</option>
            <option value="note">{t('dashboardEditor.tile.note')}</option>
          </select>
        )}
        <button type="button" className="edit-tile-remove" aria-label={t('dashboardEditor.tile.remove', { name })} onClick={onRemove}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {tile.kind === 'chart' ? (
        <>
          <label className="edit-tile-option">
            <input type="checkbox" checked={tile.ignoreGlobalFilters === true} onChange={(e) => onChange({ ignoreGlobalFilters: e.target.checked })} />
            {t('dashboardEditor.tile.ignoreGlobalFilters')}
          </label>
          <div className="edit-tile-body">
            <TilePreview chart={tile.chart} label={name} height={chartHeight} />
          </div>
        </>
      ) : (
        <textarea
          className="edit-tile-text" value={tile.text} placeholder={t(`dashboardEditor.tile.${tile.style === 'title' ? 'titleText' : 'noteText'}`)}
          aria-label={t('dashboardEditor.tile.text')} rows={tile.style === 'title' ? 1 : 3}
          onChange={(e) => onChange({ text: e.target.value })}
        />
      )}
    </article>
  );
}
