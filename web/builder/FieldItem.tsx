import { useDraggable } from '@dnd-kit/core';
import { useTranslation } from 'react-i18next';
import type { FieldType, PanelField } from './fieldsModel.ts';
import { fieldDragId, type DraggedField } from './shelfDnd.ts';

const typeGlyphs: Record<FieldType, string> = { text: 'Aa', number: '#', date: '◷' };
const typeNames = { text: 'builder.fields.typeText', number: 'builder.fields.typeNumber', date: 'builder.fields.typeDate' } as const;

/** The small mark before a field's name saying what kind of values it holds. */
export function FieldTypeIcon({ type }: { type: FieldType }) {
  const { t } = useTranslation();
  return (
    <span className={`field-type field-type-${type}`} role="img" aria-label={t(typeNames[type])} title={t(typeNames[type])}>
      {typeGlyphs[type]}
    </span>
  );
}

/**
 * One field of the panel: a handle to drag (by pointer, or from the keyboard: space, arrows,
 * space) and a ＋ button that puts it on its natural shelf. Both are off when the user may not edit.
 */
export function FieldItem({ field, label, readOnly, onAdd }: { field: PanelField; label: string; readOnly: boolean; onAdd: () => void }) {
  const { t } = useTranslation();
  const data: DraggedField = { field: field.ref, label };
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: fieldDragId(field.ref), data, disabled: readOnly, attributes: { roleDescription: t('builder.dnd.roleDescription') },
  });
  return (
    <li className="field-item">
      <span ref={setNodeRef} className={`field-handle${isDragging ? ' is-dragging' : ''}`} aria-label={label} {...attributes} {...listeners}>
        <FieldTypeIcon type={field.type} />
        <span className="field-label">{label}</span>
        {field.unit && <span className="field-unit">{field.unit}</span>}
      </span>
      <button type="button" className="field-add" aria-label={t('builder.fields.add', { label })} title={t('builder.fields.add', { label })} disabled={readOnly} onClick={onAdd}>
        ＋
      </button>
    </li>
  );
}
