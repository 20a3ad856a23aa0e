import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types.ts';

type ForbiddenNoticeProps = {
  role: Role;
  /** What the role may not do, in the user's language, fitting "无权…" / "may not …". */
  action: string;
  /** The server's own words, which name the grant the role lacks. */
  message: string;
};

/**
 * The server refused (403) because the user's role lacks a grant. Says which role and what it
 * may not do, and whom to ask; no retry button, since trying again will not help.
 */
export function ForbiddenNotice({ role, action, message }: ForbiddenNoticeProps) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="notice notice-forbidden">
      <p>{t('forbidden.body', { role: t(`roles.${role}`), action })}</p>
      <p className="muted notice-detail">{message}</p>
    </div>
  );
}
