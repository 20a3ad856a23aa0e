import { useTranslation } from 'react-i18next';
import type { ChartConfig, ChartResult } from '../charts/chartConfig.ts';
import { kpiCard } from '../charts/kpiCard.ts';

/** The `kpi` chart type: one big number, its period, and its 同比/环比 changes. */
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
        <p key={c.kind} className={`kpi-change kpi-${c.direction ?? 'flat'}`}>
          {c.label} {c.changeRate.text}（{c.change.text}）
          <span className="kpi-previous muted">
            {' · '}
            {`${t(`builder.kpi.previous_${c.kind}`)} `}
            {typeof c.previous.value === 'number' ? <data value={c.previous.value}>{c.previous.text}</data> : c.previous.text}
          </span>
        </p>
      ))}
    </figure>
  );
}
