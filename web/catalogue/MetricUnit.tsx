import { useTranslation } from 'react-i18next';
import type { CatalogueMetric } from '../api/types.ts';

/** The unit as the owner wrote it (人次, 床日); a percentage's is %, and a dash says "no unit". */
export function MetricUnit({ metric }: { metric: Pick<CatalogueMetric, 'unit' | 'format'> }) {
  const { t } = useTranslation();
  if (metric.unit) return <>{metric.unit}</>;
  if (metric.format === 'percent') return <>%</>;
  return (
    <span className="muted">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('catalogue.noUnit')}</span>
    </span>
  );
}
