import { useDroppable } from '@dnd-kit/core';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShelfName } from './builderState.ts';
import { shelfDropId, type ShelfTarget } from './shelfDnd.ts';

export type ShelfChip = { name: string; label: string; extra?: ReactNode };

/** One shelf: a drop target holding its fields as removable chips, a list named by its title. */
export function Shelf({ shelf, title, chips, readOnly, onRemove }: { shelf: ShelfName; title: string; chips: ShelfChip[]; readOnly: boolean; onRemove: (name: string) => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const target: ShelfTarget = { shelf, title };
  const { setNodeRef, isOver } = useDroppable({ id: shelfDropId(shelf), data: target, disabled: readOnly });
  return (
    <div ref={setNodeRef} className={`shelf shelf-${shelf}${isOver ? ' is-over' : ''}`}>
      <h3 id={titleId} className="shelf-title">{title}</h3>
      <ul aria-labelledby={titleId} className="shelf-chips">
        {chips.map((chip) => (
          <li key={chip.name} className="shelf-chip">
            <span className="chip-label">{chip.label}</span>
            {!readOnly && (
              <button type="button" className="chip-remove" aria-label={t('builder.shelves.remove', { label: chip.label })} title={t('builder.shelves.remove', { label: chip.label })} onClick={() => onRemove(chip.name)}>
                ×
              </button>
            )}
            {chip.extra}
          </li>
        ))}
      </ul>
      {chips.length === 0 && !readOnly && <p className="shelf-empty">{t('builder.shelves.empty')}</p>}
    </div>
  );
}
