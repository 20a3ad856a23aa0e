// Drag and drop between the fields panel and the shelves, with @dnd-kit: what is dragged and where
// it lands (plain data on each draggable and droppable), how the keyboard moves a field (from
// shelf to shelf, not pixel by pixel), and what a screen reader is told, in the user's language.
import { pointerWithin, rectIntersection, type Announcements, type CollisionDetection, type KeyboardCoordinateGetter } from '@dnd-kit/core';
import type { TFunction } from 'i18next';
import { accepts, shelfNames, type FieldRef, type ShelfName } from './builderState.ts';

/** Carried by each draggable field. */
export type DraggedField = { field: FieldRef; label: string };
/** Carried by each shelf. */
export type ShelfTarget = { shelf: ShelfName; title: string };

export const fieldDragId = (field: FieldRef) => `field:${field.kind}:${field.name}`;
export const shelfDropId = (shelf: ShelfName) => `shelf:${shelf}`;

/** With a pointer: the shelf under it. From the keyboard (no pointer): the shelf the field was moved onto. */
export const shelfCollisions: CollisionDetection = (args) => (args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args));

const steps: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

/**
 * Arrow keys move the picked-up field to the next or previous shelf (X, Y, series, filters, in
 * that order), centred on it; the default sensor's 25-pixel steps would take dozens of presses.
 */
export const shelfKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  const step = steps[event.code];
  const { collisionRect, droppableRects, droppableContainers, over } = context;
  if (step === undefined || !collisionRect) return undefined;
  event.preventDefault();
  const order = shelfNames.map(shelfDropId).filter((id) => droppableContainers.getEnabled().some((c) => c.id === id) && droppableRects.has(id));
  if (order.length === 0) return undefined;
  const current = over ? order.indexOf(String(over.id)) : -1;
  const next = current === -1 ? (step > 0 ? 0 : order.length - 1) : (current + step + order.length) % order.length;
  const rect = droppableRects.get(order[next]!)!;
  return { x: rect.left + (rect.width - collisionRect.width) / 2, y: rect.top + (rect.height - collisionRect.height) / 2 };
};

type Dragged = { data: { current?: Record<string, unknown> } } | null;
const fieldOf = (active: Dragged) => active?.data.current as DraggedField | undefined;
const shelfOf = (over: Dragged) => over?.data.current as ShelfTarget | undefined;

/** What a screen reader hears while a field is dragged, in the user's language. */
export function shelfAnnouncements(t: TFunction): Announcements {
  const field = (active: Dragged) => fieldOf(active)?.label ?? '';
  return {
    onDragStart: ({ active }) => t('builder.dnd.pickedUp', { field: field(active) }),
    onDragOver: ({ active, over }) => {
      const target = shelfOf(over);
      const dragged = fieldOf(active);
      if (!target || !dragged) return t('builder.dnd.overNone', { field: field(active) });
      return t(accepts(target.shelf, dragged.field) ? 'builder.dnd.over' : 'builder.dnd.overRefused', { field: dragged.label, shelf: target.title });
    },
    onDragEnd: ({ active, over }) => {
      const target = shelfOf(over);
      const dragged = fieldOf(active);
      if (!target || !dragged) return t('builder.dnd.cancelled', { field: field(active) });
      return t(accepts(target.shelf, dragged.field) ? 'builder.dnd.dropped' : 'builder.dnd.refused', { field: dragged.label, shelf: target.title });
    },
    onDragCancel: ({ active }) => t('builder.dnd.cancelled', { field: field(active) }),
  };
}
