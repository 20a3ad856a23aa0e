import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../api/types.ts';
import { formatTimestamp } from '../../format/timestamp.ts';
import { useLanguage } from '../../i18n/useLanguage.ts';
import { useDashboardVersions, useRestoreVersion } from './useDashboardEditing.ts';

type Props = {
  id: string;
  /** Whether the editor has changes not yet saved, which a restore replaces. */
  dirty: boolean;
  onRestored: (board: Dashboard) => void;
};

/**
 * The published versions, newest first; 恢复 copies one into the draft, after a confirmation
 * that says what happens to the draft (and to unsaved changes). Publishing stays a separate step.
 */
export function VersionHistory({ id, dirty, onRestored }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const versions = useDashboardVersions(id, true);
  const restore = useRestoreVersion(id);
  const [confirming, setConfirming] = useState<number | null>(null);

  let body;
  if (versions.isError) body = <p role="alert" className="error-text">{t('dashboardEditor.versions.failed', { message: versions.error.message })}</p>;
  else if (versions.isPending) body = <p role="status" className="muted">{t('dashboardEditor.versions.loading')}</p>;
  else if (versions.data.versions.length === 0) body = <p className="muted">{t('dashboardEditor.versions.none')}</p>;
  else {
    const newestFirst = [...versions.data.versions].sort((a, b) => b.version - a.version);
    body = (
      <ol className="version-list" aria-label={t('dashboardEditor.versions.listLabel')}>
        {newestFirst.map((v) => (
          <li key={v.version} className="version-item">
            <div>
              <strong>v{v.version}</strong> · {v.definition.title}
              <div className="muted">
                {t('dashboardEditor.versions.by', { user: v.publishedBy })} · <time dateTime={v.publishedAt}>{formatTimestamp(v.publishedAt, language)}</time>
                {v.note && <> · {v.note}</>}
              </div>
            </div>
            {confirming === v.version ? (
              <div className="version-confirm" role="group" aria-label={t('dashboardEditor.versions.confirmLabel', { version: String(v.version) })}>
                <span>{t(dirty ? 'dashboardEditor.versions.confirmDirty' : 'dashboardEditor.versions.confirm', { version: String(v.version) })}</span>
                <button
                  type="button" className="primary" disabled={restore.isPending}
                  onClick={() => restore.mutate(v.version, { onSuccess: (board) => { setConfirming(null); onRestored(board); } })}
                >
                  {t('dashboardEditor.versions.confirmRestore')}
                </button>
                <button type="button" onClick={() => setConfirming(null)}>{t('dashboardEditor.versions.cancel')}</button>
              </div>
            ) : (
              <button type="button" onClick={() => setConfirming(v.version)} aria-label={t('dashboardEditor.versions.restoreVersion', { version: String(v.version) })}>
                {t('dashboardEditor.versions.restore')}
              </button>
            )}
          </li>
        ))}
      </ol>
    );
  }

  return (
    <section className="board-panel version-history" aria-labelledby="version-history-heading">
      <h3 id="version-history-heading">{t('dashboardEditor.versions.heading')}</h3>
      {body}
      {restore.isError && <p role="alert" className="error-text">{t('dashboardEditor.versions.restoreFailed', { message: restore.error.message })}</p>}
    </section>
  );
}
