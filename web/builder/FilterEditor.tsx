import { useDeferredValue, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DimensionFilter } from './builderState.ts';
import { valueWithName } from '../charts/namedValues.ts';
import { useDimensionValues } from './useDimensionValues.ts';

/**
 * Picks the values a filter keeps: a search box asking the server as the user types, and the
 * values found as checkboxes; chosen values stay listed even when the search no longer finds them.
 */
export function FilterEditor({ filter, label, readOnly, onChange }: { filter: DimensionFilter; label: string; readOnly: boolean; onChange: (values: DimensionFilter['values']) => void }) {
  const { t } = useTranslation();
  const listId = useId();
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const values = useDimensionValues(filter.dimension, deferred);
  const found = (values.data?.values ?? []).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  const shown = [...filter.values, ...found.filter((v) => !filter.values.includes(v))];
  // Names seen in any answer so far: a chosen value keeps its name when a new search leaves it out.
  const names = useRef<Record<string, string>>({});
  Object.assign(names.current, values.data?.labels);
  const toggle = (value: string | number, on: boolean) => onChange(on ? [...filter.values, value] : filter.values.filter((v) => v !== value));
  return (
    <fieldset className="filter-editor" disabled={readOnly}>
      <legend>{t('builder.filter.group', { field: label })}</legend>
      <p className="filter-summary">{filter.values.length === 0 ? t('builder.filter.none') : t('builder.filter.selected', { values: filter.values.map((v) => valueWithName(v, names.current)).join('、') })}</p>
      <input type="search" aria-label={t('builder.filter.search', { field: label })} aria-controls={listId} placeholder={t('builder.filter.search', { field: label })} value={search} onChange={(e) => setSearch(e.target.value)} />
      {values.isError && <p role="alert" className="error-text">{t('builder.filter.failed', { message: values.error.message })}</p>}
      <ul id={listId} className="filter-values" aria-label={t('builder.filter.values', { field: label })} aria-busy={values.isFetching}>
        {shown.map((value) => (
          <li key={`${typeof value}:${value}`}>
            <label>
              <input type="checkbox" checked={filter.values.includes(value)} onChange={(e) => toggle(value, e.target.checked)} />
              {value === '' ? t('builder.filter.empty') : valueWithName(value, names.current)}
            </label>
          </li>
        ))}
      </ul>
      {values.isPending && <p role="status" className="muted">{t('builder.filter.loading')}</p>}
      {values.isSuccess && shown.length === 0 && <p className="muted">{t('builder.filter.noValues')}</p>}
    </fieldset>
  );
}
