import { useTranslation } from 'react-i18next';
import type { BuilderState } from './builderState.ts';

type Props = {
  sort: BuilderState['sort'];
  topN: number | null;
  /** The sortable fields: the metrics on Y and the X dimension, with their labels. */
  fields: { name: string; label: string; metric: boolean }[];
  readOnly: boolean;
  onSort: (sort: BuilderState['sort']) => void;
  onTopN: (topN: number | null) => void;
};

/** Sort by a metric or by X, and keep only the first N X values. */
export function SortOptions({ sort, topN, fields, readOnly, onSort, onTopN }: Props) {
  const { t } = useTranslation();
  const value = sort ? `${sort.desc ? 'desc' : 'asc'}:${sort.by}` : '';
  const choose = (text: string) => {
    if (text === '') return onSort(null);
    const split = text.indexOf(':');
    onSort({ by: text.slice(split + 1), desc: text.slice(0, split) === 'desc' });
  };
  return (
    <div className="sort-options">
      <label>
        <span className="option-label">{t('builder.sort.label')}</span>
        <select value={value} disabled={readOnly} onChange={(e) => choose(e.target.value)}>
          <option value="">{t('builder.sort.none')}</option>
          {fields.flatMap((f) => [
            <option key={`desc:${f.name}`} value={`desc:${f.name}`}>{t(f.metric ? 'builder.sort.desc' : 'builder.sort.xDesc', { field: f.label })}</option>,
            <option key={`asc:${f.name}`} value={`asc:${f.name}`}>{t(f.metric ? 'builder.sort.asc' : 'builder.sort.xAsc', { field: f.label })}</option>,
          ])}
        </select>
      </label>
      <label>
        <span className="option-label">{t('builder.topN.label')}</span>
        <input
          type="number" min={1} max={1000} step={1} inputMode="numeric" className="top-n" placeholder={t('builder.topN.placeholder')} disabled={readOnly}
          value={topN ?? ''}
          onChange={(e) => {
            const n = Math.floor(Number(e.target.value));
            onTopN(e.target.value === '' || !Number.isFinite(n) || n < 1 ? null : n);
          }}
        />
      </label>
    </div>
  );
}
