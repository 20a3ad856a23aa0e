import { useTranslation } from 'react-i18next';
import type { RelativeRange, TimeGrain } from '../api/types.ts';
import type { TimeRangeChoice } from './builderState.ts';

const grains: TimeGrain[] = ['day', 'week', 'month', 'quarter', 'year'];
const relativeRanges: RelativeRange[] = ['last_7_days', 'last_30_days', 'this_month', 'last_month', 'this_quarter', 'last_quarter', 'this_year', 'last_year', 'today', 'yesterday'];

/** 日/周/月/季/年, shown while time is on a shelf. */
export function GrainSwitch({ grain, readOnly, onChange }: { grain: TimeGrain; readOnly: boolean; onChange: (grain: TimeGrain) => void }) {
  const { t } = useTranslation();
  return (
    <div className="grain-switch" role="group" aria-label={t('builder.grain.label')}>
      <span className="option-label" aria-hidden="true">{t('builder.grain.label')}</span>
      {grains.map((g) => (
        <button key={g} type="button" aria-pressed={g === grain} disabled={readOnly} onClick={() => onChange(g)}>
          {t(`builder.grain.${g}`)}
        </button>
      ))}
    </div>
  );
}

/** A relative range (近30天, 去年…) the server resolves against today, or two dates. */
export function TimeRangePicker({ range, readOnly, onChange }: { range: TimeRangeChoice; readOnly: boolean; onChange: (range: TimeRangeChoice) => void }) {
  const { t } = useTranslation();
  const selected = range.kind === 'relative' ? range.relative : range.kind === 'absolute' ? 'custom' : 'all';
  const choose = (value: string) => {
    if (value === 'all') onChange({ kind: 'all' });
    else if (value === 'custom') onChange({ kind: 'absolute', from: '', to: '' });
    else onChange({ kind: 'relative', relative: value as RelativeRange });
  };
  return (
    <div className="time-range">
      <label>
        <span className="option-label">{t('builder.range.label')}</span>
        <select value={selected} disabled={readOnly} onChange={(e) => choose(e.target.value)}>
          <option value="all">{t('builder.range.all')}</option>
          {relativeRanges.map((r) => (
            <option key={r} value={r}>{t(`builder.range.${r}`)}</option>
          ))}
          <option value="custom">{t('builder.range.custom')}</option>
        </select>
      </label>
      {range.kind === 'absolute' && (
        <>
          <label>
            <span className="option-label">{t('builder.range.from')}</span>
            <input type="date" value={range.from} max={range.to || undefined} disabled={readOnly} onChange={(e) => onChange({ ...range, from: e.target.value })} />
          </label>
          <label>
            <span className="option-label">{t('builder.range.to')}</span>
            <input type="date" value={range.to} min={range.from || undefined} disabled={readOnly} onChange={(e) => onChange({ ...range, to: e.target.value })} />
          </label>
        </>
      )}
    </div>
  );
}
