import { useTranslation } from 'react-i18next';
import type { LoadStatus } from '../api/types.ts';

// A mark for each status so that it reads without colour too (and in greyscale printouts).
const marks: Record<LoadStatus, string> = { loaded: '✓', refused: '⊘', failed: '✕', held: '⏸', discarded: '⌫', confirmed: '↻' };

/** "✓ 已加载", "⊘ 拒绝加载", "✕ 加载失败": colour, mark and words all say the same thing. */
export function LoadStatusBadge({ status }: { status: LoadStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge status-${status}`}>
      <span aria-hidden="true" className="status-mark">
        {marks[status] ?? '?'}
      </span>
      {t(`loads.status.${status}`, { defaultValue: status })}
    </span>
  );
}
