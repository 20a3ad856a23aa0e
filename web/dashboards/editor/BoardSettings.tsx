import { useTranslation } from 'react-i18next';
import type { Catalogue, DashboardDefinition, MetricQuery } from '../../api/types.ts';
import { timeRangeOf, type TimeRangeChoice } from '../../builder/builderState.ts';
import { TimeRangePicker } from '../../builder/TimeOptions.tsx';
import { useLanguage } from '../../i18n/useLanguage.ts';

function choiceOf(range: MetricQuery['timeRange']): TimeRangeChoice {
  if (!range) return { kind: 'all' };
  return 'relative' in range ? { kind: 'relative', relative: range.relative } : { kind: 'absolute', from: range.from, to: range.to };
}

type Props = {
  definition: DashboardDefinition;
  catalogue: Catalogue;
  onChange: (change: Partial<DashboardDefinition>) => void;
};

/**
 * The board's own settings: title and description, the dimensions its filter bar offers (conformed
 * dimensions of the catalogue), the default date range, and how often TV mode refreshes.
 */
export function BoardSettings({ definition, catalogue, onChange }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const chosen = new Set(definition.filters.dimensions.map((d) => d.dimension));
  const toggle = (name: string, on: boolean) => {
    const dimensions = on ? [...definition.filters.dimensions, { dimension: name, values: [] }] : definition.filters.dimensions.filter((d) => d.dimension !== name);
    onChange({ filters: { ...definition.filters, dimensions } });
  };
  const setRange = (choice: TimeRangeChoice) => {
    const { timeRange: _old, ...rest } = definition.filters;
    const timeRange = choice.kind === 'absolute' && (choice.from === '' || choice.to === '') ? { from: choice.from, to: choice.to } : timeRangeOf(choice);
    onChange({ filters: timeRange ? { ...rest, timeRange } : rest });
  };
  const setRefresh = (text: string) => {
    const seconds = Math.round(Number(text));
    onChange({ refreshSeconds: text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 ? undefined : seconds });
  };

  return (
    <section className="board-settings" aria-labelledby="board-settings-heading">
      <h3 id="board-settings-heading" className="visually-hidden">{t('dashboardEditor.settings.heading')}</h3>
      <div className="board-settings-row">
        <label className="board-field board-title-field">
          <span className="option-label">{t('dashboardEditor.settings.title')}</span>
          <input value={definition.title} maxLength={100} required onChange={(e) => onChange({ title: e.target.value })} />
        </label>
        <label className="board-field board-description-field">
          <span className="option-label">{t('dashboardEditor.settings.description')}</span>
          <input value={definition.description} maxLength={500} onChange={(e) => onChange({ description: e.target.value })} />
        </label>
      </div>
      <details className="board-settings-more">
        <summary>{t('dashboardEditor.settings.more')}</summary>
        <fieldset className="board-dimensions">
          <legend>{t('dashboardEditor.settings.dimensions')}</legend>
          <p className="muted option-hint">{t('dashboardEditor.settings.dimensionsHint')}</p>
          <div className="board-dimension-list">
            {catalogue.dimensions.map((d) => (
              <label key={d.name} className="board-check">
                <input type="checkbox" checked={chosen.has(d.name)} onChange={(e) => toggle(d.name, e.target.checked)} />
                {language === 'en' ? d.label.en : d.label.zh}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="board-settings-row">
          <fieldset className="board-default-range">
            <legend>{t('dashboardEditor.settings.defaultRange')}</legend>
            <TimeRangePicker range={choiceOf(definition.filters.timeRange)} readOnly={false} onChange={setRange} />
          </fieldset>
          <label className="board-field">
            <span className="option-label">{t('dashboardEditor.settings.refresh')}</span>
            <input type="number" min={10} step={10} inputMode="numeric" value={definition.refreshSeconds ?? ''} placeholder={t('dashboardEditor.settings.refreshNone')} onChange={(e) => setRefresh(e.target.value)} />
          </label>
        </div>
      </details>
    </section>
  );
}
