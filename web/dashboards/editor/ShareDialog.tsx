import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard, Role, ShareLink } from '../../api/types.ts';
import { useModalDialog } from '../../app/useModalDialog.ts';
import { sharesOf, usernamesOf } from './boardShares.ts';
import { useDimensionValues } from '../../builder/useDimensionValues.ts';
import { formatTimestamp } from '../../format/timestamp.ts';
import { useLanguage } from '../../i18n/useLanguage.ts';
import { useCreateShareLink, useSetShares } from './useDashboardEditing.ts';

const roles: Role[] = ['admin', 'governance', 'analyst', 'viewer'];

type Props = { board: Dashboard; open: boolean; onClose: () => void };

/**
 * 分享: who may read the published board besides its owner and admins (roles, departments by
 * code, users by name), and links that open it after login until they expire.
 */
export function ShareDialog({ board, open, onClose }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const dialog = useModalDialog(open);
  const setShares = useSetShares(board.id);
  const createLink = useCreateShareLink(board.id);
  const departments = useDimensionValues('department', '', 200);
  const [chosenRoles, setRoles] = useState<Role[]>(() => board.shares.flatMap((s) => (s.kind === 'role' ? [s.role] : [])));
  const [chosenDepartments, setDepartments] = useState<string[]>(() => board.shares.flatMap((s) => (s.kind === 'department' ? [s.department] : [])));
  // Codes the list does not offer (an analyst's row policy shows only their own department).
  const [otherDepartments, setOtherDepartments] = useState('');
  const [usernames, setUsernames] = useState(() => board.shares.flatMap((s) => (s.kind === 'user' ? [s.username] : [])).join(', '));
  const [days, setDays] = useState(7);
  const [link, setLink] = useState<ShareLink | null>(null);
  const [copied, setCopied] = useState(false);

  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
  const codes = (departments.data?.values ?? []).filter((v): v is string => typeof v === 'string');
  const fullUrl = link ? new URL(link.path, window.location.origin).href : '';

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(fullUrl);
      setCopied(true);
    } catch {
      // Without clipboard access (plain http), the URL is selected for Ctrl+C instead.
      (document.getElementById('share-link-url') as HTMLInputElement | null)?.select();
    }
  };

  return (
    <dialog ref={dialog} className="share-dialog board-editor" aria-labelledby="share-dialog-heading" onClose={onClose}>
      <h3 id="share-dialog-heading">{t('dashboardEditor.share.heading')}</h3>
      <p className="muted">{t('dashboardEditor.share.explain')}</p>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          setShares.mutate(sharesOf(chosenRoles, [...new Set([...chosenDepartments, ...usernamesOf(otherDepartments)])], usernamesOf(usernames)));
        }}
      >
        <fieldset>
          <legend>{t('dashboardEditor.share.roles')}</legend>
          {roles.map((role) => (
            <label key={role} className="board-check">
              <input type="checkbox" checked={chosenRoles.includes(role)} onChange={(e) => setRoles((r) => toggle(r, role, e.target.checked))} />
              {t(`roles.${role}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('dashboardEditor.share.departments')}</legend>
          {departments.isError && <p role="alert" className="error-text">{t('dashboardEditor.share.departmentsFailed', { message: departments.error.message })}</p>}
          <div className="share-departments">
            {[...new Set([...codes, ...chosenDepartments])].map((code) => (
              <label key={code} className="board-check">
                <input type="checkbox" checked={chosenDepartments.includes(code)} onChange={(e) => setDepartments((d) => toggle(d, code, e.target.checked))} />
                <code>{code}</code>
              </label>
            ))}
          </div>
          <label className="board-field">
            <span className="option-label">{t('dashboardEditor.share.otherDepartments')}</span>
            <input value={otherDepartments} onChange={(e) => setOtherDepartments(e.target.value)} placeholder={t('dashboardEditor.share.otherDepartmentsPlaceholder')} />
          </label>
        </fieldset>
        <label className="board-field">
          <span className="option-label">{t('dashboardEditor.share.users')}</span>
          <input value={usernames} onChange={(e) => setUsernames(e.target.value)} placeholder={t('dashboardEditor.share.usersPlaceholder')} />
        </label>
        <div className="board-actions-row">
          <button type="submit" className="primary" disabled={setShares.isPending}>{t('dashboardEditor.share.save')}</button>
          {setShares.isSuccess && !setShares.isPending && <span role="status" className="muted">{t('dashboardEditor.share.saved')}</span>}
          {setShares.isError && <span role="alert" className="error-text">{t('dashboardEditor.share.saveFailed', { message: setShares.error.message })}</span>}
        </div>
      </form>

      <section className="share-link" aria-labelledby="share-link-heading">
        <h4 id="share-link-heading">{t('dashboardEditor.share.linkHeading')}</h4>
        <div className="board-actions-row">
          <label className="board-field">
            <span className="option-label">{t('dashboardEditor.share.days')}</span>
            <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Math.max(1, Math.min(365, Math.round(Number(e.target.value) || 1))))} />
          </label>
          <button type="button" disabled={createLink.isPending} onClick={() => createLink.mutate(days, { onSuccess: (made) => { setLink(made); setCopied(false); } })}>
            {t('dashboardEditor.share.createLink')}
          </button>
        </div>
        {createLink.isError && <p role="alert" className="error-text">{t('dashboardEditor.share.linkFailed', { message: createLink.error.message })}</p>}
        {link && (
          <div className="share-link-made">
            <div className="board-actions-row">
              <input id="share-link-url" readOnly value={fullUrl} aria-label={t('dashboardEditor.share.url')} onFocus={(e) => e.target.select()} />
              <button type="button" onClick={() => void copy()}>{t('dashboardEditor.share.copy')}</button>
              {copied && <span role="status" className="muted">{t('dashboardEditor.share.copied')}</span>}
            </div>
            <p className="muted">{t('dashboardEditor.share.expires', { time: formatTimestamp(link.expiresAt, language) })}</p>
          </div>
        )}
      </section>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>{t('dashboardEditor.share.close')}</button>
      </div>
    </dialog>
  );
}
