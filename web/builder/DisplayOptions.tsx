import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConditionalColor, NumberFormatName, Threshold } from '../charts/chartConfig.ts';
import type { BuilderState } from './builderState.ts';

/** The formats offered; a metric's own (from its definition) is the default. */
const formatChoices = ['integer', 'decimal1', 'decimal2', 'percent'] as const satisfies readonly NumberFormatName[];

/** The metric definition's format in the words of the choices (`0.0` is 一位小数). */
function definitionFormatKey(format: string | undefined): (typeof formatChoices)[number] | 'formatNone' {
  if (format === 'integer' || format === 'percent') return format;
  if (format === '0.0') return 'decimal1';
  if (format === '0.00') return 'decimal2';
  return 'formatNone';
}

type Metric = { name: string; label: string; format: string | undefined };

/**
 * Reference lines and colour rules are typed in the value axis's display unit: 95 for 95 % on a
 * percent metric (stored as 0.95, as its values are), so that typing 95 does not stretch the axis
 * to 10,000 %. The axis is the first metric's, in its chosen format.
 */
type DisplayUnit = { percent: boolean };
const stored = (typed: number, unit: DisplayUnit) => (unit.percent ? typed / 100 : typed);
const shown = (value: number, unit: DisplayUnit) => (unit.percent ? Number((value * 100).toPrecision(12)) : value);
const withUnit = (value: number, unit: DisplayUnit) => `${shown(value, unit)}${unit.percent ? '%' : ''}`;

type Props = {
  state: BuilderState;
  metrics: Metric[];
  /** Whether the right-axis choice applies (the combo type). */
  combo: boolean;
  /** The combo's right-axis metrics as drawn. */
  secondary: string[];
  readOnly: boolean;
  onChange: (change: Partial<Pick<BuilderState, 'numberFormat' | 'thresholds' | 'conditionalColor' | 'secondaryY'>>) => void;
};

/** 显示: number formats per metric, reference lines, a conditional colour, and a combo's right axis. */
export function DisplayOptions({ state, metrics, combo, secondary, readOnly, onChange }: Props) {
  const { t } = useTranslation();
  if (metrics.length === 0) return null;
  const first = metrics[0]!;
  const unit: DisplayUnit = { percent: (state.numberFormat[first.name] ?? first.format) === 'percent' };
  return (
    <fieldset className="display-options">
      <legend className="option-label">{t('builder.display.heading')}</legend>
      {metrics.map((m) => (
        <label key={m.name}>
          <span className="option-label">{t('builder.display.format', { metric: m.label })}</span>
          <select
            value={state.numberFormat[m.name] ?? ''} disabled={readOnly}
            onChange={(e) => {
              const { [m.name]: _old, ...rest } = state.numberFormat;
              onChange({ numberFormat: e.target.value === '' ? rest : { ...rest, [m.name]: e.target.value as NumberFormatName } });
            }}
          >
            <option value="">{t('builder.display.formatDefault', { format: t(`builder.display.${definitionFormatKey(m.format)}`) })}</option>
            {formatChoices.map((f) => <option key={f} value={f}>{t(`builder.display.${f}`)}</option>)}
          </select>
        </label>
      ))}
      <ThresholdEditor thresholds={state.thresholds} unit={unit} readOnly={readOnly} onChange={(thresholds) => onChange({ thresholds })} />
      <ColorRuleEditor key={String(unit.percent)} rule={state.conditionalColor} unit={unit} readOnly={readOnly} onChange={(conditionalColor) => onChange({ conditionalColor })} />
      {combo && metrics.length > 1 && (
        <div role="group" aria-label={t('builder.display.secondary')} className="secondary-axis">
          <span className="option-label" aria-hidden="true">{t('builder.display.secondary')}</span>
          {metrics.map((m) => {
            const checked = secondary.includes(m.name);
            // At least one metric stays a bar on the left axis.
            const last = !checked && secondary.length === metrics.length - 1;
            return (
              <label key={m.name} className="inline-option">
                <input
                  type="checkbox" checked={checked} disabled={readOnly || last} aria-label={t('builder.display.secondaryMetric', { metric: m.label })}
                  onChange={(e) => onChange({ secondaryY: e.target.checked ? [...secondary, m.name] : secondary.filter((s) => s !== m.name) })}
                />
                {m.label}
              </label>
            );
          })}
        </div>
      )}
    </fieldset>
  );
}

/** The reference lines as a list with remove buttons, and a value and label to add one. */
function ThresholdEditor({ thresholds, unit, readOnly, onChange }: { thresholds: Threshold[]; unit: DisplayUnit; readOnly: boolean; onChange: (thresholds: Threshold[]) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [label, setLabel] = useState('');
  const number = value.trim() === '' ? NaN : Number(value);
  const add = () => {
    if (!Number.isFinite(number)) return;
    onChange([...thresholds, { value: stored(number, unit), ...(label.trim() ? { label: label.trim() } : {}) }]);
    setValue('');
    setLabel('');
  };
  return (
    <div role="group" aria-label={t('builder.display.thresholds')} className="threshold-editor">
      <span className="option-label" aria-hidden="true">{t('builder.display.thresholds')}</span>
      {thresholds.length > 0 && (
        <ul aria-label={t('builder.display.thresholds')} className="threshold-list">
          {thresholds.map((th, i) => {
            const text = t('builder.display.thresholdItem', { label: th.label ?? t('builder.display.thresholdUnnamed'), value: withUnit(th.value, unit) });
            return (
              <li key={i}>
                {text}
                {!readOnly && (
                  <button type="button" className="chip-remove" aria-label={t('builder.display.thresholdRemove', { label: text })} onClick={() => onChange(thresholds.filter((_, j) => j !== i))}>×</button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!readOnly && (
        <>
          <input type="number" step="any" className="threshold-value" aria-label={t('builder.display.thresholdValue')} placeholder={t('builder.display.thresholdValue')} value={value} onChange={(e) => setValue(e.target.value)} />
          {unit.percent && <span className="input-unit" aria-hidden="true">%</span>}
          <input type="text" maxLength={40} className="threshold-label" aria-label={t('builder.display.thresholdLabel')} placeholder={t('builder.display.thresholdLabel')} value={label} onChange={(e) => setLabel(e.target.value)} />
          <button type="button" disabled={!Number.isFinite(number)} onClick={add}>{t('builder.display.thresholdAdd')}</button>
        </>
      )}
    </div>
  );
}

type RuleKind = 'none' | 'above' | 'below';

/** One rule: above or below a value, a colour. The draft is local until it is complete. */
function ColorRuleEditor({ rule, unit, readOnly, onChange }: { rule: ConditionalColor | null; unit: DisplayUnit; readOnly: boolean; onChange: (rule: ConditionalColor | null) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<RuleKind>(rule ? (rule.above !== undefined ? 'above' : 'below') : 'none');
  const [value, setValue] = useState(rule ? String(shown((rule.above ?? rule.below)!, unit)) : '');
  const [color, setColor] = useState(rule?.color ?? '#d62728');
  const emit = (k: RuleKind, v: string, c: string) => {
    const n = v.trim() === '' ? NaN : Number(v);
    onChange(k === 'none' || !Number.isFinite(n) ? null : { [k]: stored(n, unit), color: c });
  };
  return (
    <div role="group" aria-label={t('builder.display.colorRule')} className="color-rule">
      <span className="option-label" aria-hidden="true">{t('builder.display.colorRule')}</span>
      <select aria-label={t('builder.display.colorWhen')} value={kind} disabled={readOnly} onChange={(e) => { const k = e.target.value as RuleKind; setKind(k); emit(k, value, color); }}>
        <option value="none">{t('builder.display.colorNone')}</option>
        <option value="above">{t('builder.display.above')}</option>
        <option value="below">{t('builder.display.below')}</option>
      </select>
      {kind !== 'none' && (
        <>
          <input type="number" step="any" className="threshold-value" aria-label={t('builder.display.colorValue')} value={value} disabled={readOnly} onChange={(e) => { setValue(e.target.value); emit(kind, e.target.value, color); }} />
          {unit.percent && <span className="input-unit" aria-hidden="true">%</span>}
          <input type="color" aria-label={t('builder.display.color')} value={color} disabled={readOnly} onChange={(e) => { setColor(e.target.value); emit(kind, value, e.target.value); }} />
        </>
      )}
    </div>
  );
}
