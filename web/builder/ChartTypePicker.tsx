import { useTranslation } from 'react-i18next';
import { chartTypes, type ChartType } from '../charts/chartConfig.ts';

/**
 * The chart types as toggle buttons. The suggested one (智能推荐) is marked; it is drawn until the
 * user presses another, and pressing the suggestion again goes back to following it.
 */
export function ChartTypePicker({ shown, suggested, readOnly, onChoose }: { shown: ChartType; suggested: ChartType; readOnly: boolean; onChoose: (type: ChartType | null) => void }) {
  const { t } = useTranslation();
  return (
    <div className="chart-types" role="group" aria-label={t('builder.types.label')}>
      {chartTypes.map((type) => (
        <button
          key={type}
          type="button"
          className={`chart-type${type === suggested ? ' is-suggested' : ''}`}
          aria-pressed={type === shown}
          disabled={readOnly}
          title={type === suggested ? t('builder.types.suggestedHint', { type: t(`builder.types.${type}`) }) : undefined}
          onClick={() => onChoose(type === suggested ? null : type)}
        >
          {t(`builder.types.${type}`)}
          {type === suggested && <span className="suggested-badge">{t('builder.types.suggested')}</span>}
        </button>
      ))}
    </div>
  );
}
