import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardDefinition, MetricQuery } from '../api/types.ts';
import { FilterEditor } from '../builder/FilterEditor.tsx';
import { useDimensionValues } from '../builder/useDimensionValues.ts';
import { timeRangeOf, type TimeRangeChoice } from '../builder/builderState.ts';
import { TimeRangePicker } from '../builder/TimeOptions.tsx';
import type { Selection } from './boardState.ts';
import type { BoardLabels } from './useBoardLabels.ts';

type Filters = DashboardDefinition['filters'];

function choiceOf(range: MetricQuery['timeRange']): TimeRangeChoice {
  if (!range) return { kind: 'all' };
  return 'relative' in range ? { kind: 'relative', relative: range.relative } : { kind: 'absolute', from: range.from, to: range.to };
}

/**
 * The board's global filters: a date range (relative or two dates; a half-typed pair of dates
 * filters nothing yet) and a value picker per dimension the board offers, searching the server.
 */
/** Drawn again only when the filters (or labels) change: a cross-filter click leaves the bar be. */
export const BoardFilterBar = memo(FilterBar);

function FilterBar({ filters, labels, onChange, onReset }: { filters: Filters; labels: BoardLabels; onChange: (filters: Filters) => void; onReset: (() => void) | null }) {
  const { t } = useTranslation();
  // The choice as being typed stays here; the board gets the range it makes.
  const [choice, setChoice] = useState<TimeRangeChoice>(() => choiceOf(filters.timeRange));
  const shownChoice = JSON.stringify(timeRangeOf(choice)) === JSON.stringify(filters.timeRange) ? choice : choiceOf(filters.timeRange);
  const chooseTime = (next: TimeRangeChoice) => {
    setChoice(next);
    const { timeRange: _old, ...rest } = filters;
    const range = timeRangeOf(next);
    onChange(range ? { ...rest, timeRange: range } : rest);
  };
  const chooseValues = (dimension: string, values: (string | number)[]) =>
    onChange({ ...filters, dimensions: filters.dimensions.map((f) => (f.dimension === dimension ? { dimension, values: values.map(String) } : f)) });

  return (
    <section className="board-filters" aria-label={t('dashboard.filters.label')}>
      <TimeRangePicker range={shownChoice} readOnly={false} onChange={chooseTime} />
      {filters.dimensions.map((filter) => (filter.pinned
        ? <PinnedFilter key={filter.dimension} filter={filter} name={labels.dimension(filter.dimension)} />
        : <FilterPicker key={filter.dimension} filter={filter} name={labels.dimension(filter.dimension)} onChange={(values) => chooseValues(filter.dimension, values)} />))}
      {onReset && (
        <button type="button" className="link-button" onClick={() => { onReset(); }}>
          {t('dashboard.filters.reset')}
        </button>
      )}
    </section>
  );
}

type DimensionFilter = Filters['dimensions'][number];

/**
 * One dimension's value picker. Its values are asked for when it is first opened, not with the
 * board: a dimension's values are a query over the data, heavier than the tiles' cached answers,
 * and most readers never open the picker.
 */
function FilterPicker({ filter, name, onChange }: { filter: DimensionFilter; name: string; onChange: (values: (string | number)[]) => void }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <details className="board-filter" ref={closeOutside} onToggle={(event) => event.currentTarget.open && setOpened(true)}>
      <summary>
        {name}：{filter.values.length === 0 ? t('dashboard.filters.all') : filter.values.length <= 2 ? <ChosenValues dimension={filter.dimension} values={filter.values} /> : t('dashboard.filters.chosen', { count: filter.values.length })}
      </summary>
      <div className="board-filter-popup">
        {opened && <FilterEditor filter={filter} label={name} readOnly={false} onChange={onChange} />}
      </div>
    </details>
  );
}

/** A filter the board's author pinned: shown, not changeable (the board means it). */
function PinnedFilter({ filter, name }: { filter: DimensionFilter; name: string }) {
  const { t } = useTranslation();
  return (
    <p className="board-filter board-filter-pinned" role="note" aria-label={t('dashboard.filters.pinnedLabel', { dimension: name })} title={t('dashboard.filters.pinnedHint')}>
      {name}：{filter.values.length === 0 ? t('dashboard.filters.all') : <ChosenValues dimension={filter.dimension} values={filter.values} />}
      <span className="muted"> · {t('dashboard.filters.pinned')}</span>
    </p>
  );
}

/** A picker closes on a click elsewhere or Escape, as menus do; <details> alone stays open. */
function closeOutside(details: HTMLDetailsElement | null) {
  if (!details) return;
  const close = (event: Event) => {
    if (!details.open) return;
    if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) details.open = false;
  };
  document.addEventListener('pointerdown', close);
  document.addEventListener('keydown', close);
  return () => {
    document.removeEventListener('pointerdown', close);
    document.removeEventListener('keydown', close);
  };
}

/** Chosen values by their names where they have one (心血管内科 for 0101), as the picker found them. */
function ChosenValues({ dimension, values }: { dimension: string; values: string[] }) {
  const found = useDimensionValues(dimension, '');
  const names = found.data?.labels ?? {};
  return <>{values.map((v) => names[v] ?? v).join('、')}</>;
}

/** The cross-filter selections as chips, each removable, and 清除全部. */
export function SelectionChips({ selections, labels, hint, onRemove, onClear }: { selections: Selection[]; labels: BoardLabels; hint: boolean; onRemove: (selection: Selection) => void; onClear: () => void }) {
  const { t } = useTranslation();
  if (selections.length === 0) return hint ? <p className="muted board-hint">{t('dashboard.selections.hint')}</p> : null;
  return (
    <section className="board-selections" aria-label={t('dashboard.selections.label')}>
      <span className="option-label">{t('dashboard.selections.label')}</span>
      <ul className="chips">
        {selections.map((s) => {
          const dimension = labels.dimension(s.dimension === 'time' ? 'time' : s.dimension);
          const value = s.label ?? labels.value(s.value, s.dimension, s.grain);
          return (
            <li key={`${s.tileId}|${s.dimension}|${String(s.value)}`} className="chip">
              <span>{dimension}：{value}</span>
              <button type="button" aria-label={t('dashboard.selections.remove', { dimension, value })} onClick={() => onRemove(s)}>×</button>
            </li>
          );
        })}
      </ul>
      <button type="button" onClick={onClear}>{t('dashboard.selections.clearAll')}</button>
    </section>
  );
}
