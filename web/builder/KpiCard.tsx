import { useTranslation } from 'react-i18next';
import type { ChartConfig, ChartResult } from '../charts/chartConfig.ts';
import { kpiCard } from '../charts/kpiCard.ts';

const arrows = { up: '▲', down: '▼', flat: '', null: '' } as const;

/**
 * The `kpi` chart type: one big number, its period, its 同比/环比 changes (a rate's in percentage
 * points) coloured for the better or the worse by the metric's direction, and its target.
 */
export function KpiCard({ result, config }: { result: ChartResult; config: ChartConfig }) {
  const { t } = useTranslation();
  const card = kpiCard(result, config);
  return (
    <figure className="kpi-card" aria-label={card.title}>
      <figcaption className="kpi-title">{card.title}{card.period && <span className="muted"> · {card.period.text}</span>}</figcaption>
      <p className="kpi-value" style={card.color ? { color: card.color } : undefined}>
        {typeof card.value.value === 'number' ? <data value={card.value.value}>{card.value.text}</data> : card.value.text}
        {card.unit && <span className="kpi-unit">{card.unit}</span>}
      </p>
      {card.comparisons.map((c) => (
        <p key={c.kind} className={`kpi-change kpi-${c.direction ?? 'flat'} kpi-tone-${c.tone}`} data-tone={c.tone}>
          {c.label}{' '}
          <span className="kpi-headline" title={c.tone === 'neutral' ? undefined : t(`builder.kpi.tone_${c.tone}`)}>
            {arrows[c.direction ?? 'null'] && <span aria-hidden="true">{arrows[c.direction ?? 'null']} </span>}
            {c.headline}
            {c.tone !== 'neutral' && <span className="visually-hidden">（{t(`builder.kpi.tone_${c.tone}`)}）</span>}
          </span>
          {c.detail && `（${c.detail}）`}
          <span className="kpi-previous muted">
            {' · '}
            {`${t(`builder.kpi.previous_${c.kind}`)} `}
            {typeof c.previous.value === 'number' ? <data value={c.previous.value}>{c.previous.text}</data> : c.previous.text}
          </span>
        </p>
      ))}
      {card.target && (
        <p className={`kpi-target${card.target.met === false ? ' kpi-target-missed' : ''}`}>
          {t('builder.kpi.target', { target: card.target.text })}
          {card.target.met !== null && ` · ${t(card.target.met ? 'builder.kpi.targetMet' : 'builder.kpi.targetMissed')}`}
        </p>
      )}
    </figure>
  );
}
