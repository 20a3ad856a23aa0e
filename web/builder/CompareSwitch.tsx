import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompareChoice } from './builderState.ts';

type Props = {
  compare: CompareChoice | null;
  /** Why comparing is not possible now (the server's rule), or null. */
  blocker: 'needsTime' | null;
  readOnly: boolean;
  onChange: (compare: CompareChoice | null) => void;
};

/** 不对比 / 同比 / 环比: adds `compare` to the query; the KPI card and tables show the earlier period. */
export function CompareSwitch({ compare, blocker, readOnly, onChange }: Props) {
  const { t } = useTranslation();
  const reasonId = useId();
  return (
    <div className="compare-switch">
      <label>
        <span className="option-label">{t('builder.compare.label')}</span>
        <select
          value={blocker ? '' : (compare ?? '')} disabled={readOnly || blocker !== null} aria-describedby={blocker ? reasonId : undefined}
          onChange={(e) => onChange(e.target.value === '' ? null : (e.target.value as CompareChoice))}
        >
          <option value="">{t('builder.compare.none')}</option>
          <option value="yoy">{t('builder.compare.yoy')}</option>
          <option value="mom">{t('builder.compare.mom')}</option>
        </select>
      </label>
      {blocker && <span id={reasonId} className="muted compare-reason">{t(`builder.compare.${blocker}`)}</span>}
    </div>
  );
}
