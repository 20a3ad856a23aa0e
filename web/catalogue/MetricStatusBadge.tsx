import { useTranslation } from 'react-i18next';
import type { MetricStatus } from './metricStatus.ts';

const marks: Record<MetricStatus, string> = { approved: '✓', in_review: '…', draft: '✎', deprecated: '⊘' };

/** "✓ 已认证": colour, mark and words say the same thing, as the load status badges do. */
export function MetricStatusBadge({ status }: { status: MetricStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge metric-status-${status}`} title={t(`catalogue.statusHints.${status}`)}>
      <span aria-hidden="true" className="status-mark">
        {marks[status]}
      </span>
      {t(`catalogue.statuses.${status}`)}
    </span>
  );
}
