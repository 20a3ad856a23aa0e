import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/types.ts';
import { useLogout } from '../api/useSession.ts';
import { navigate } from '../app/navigation.ts';
import { homePath } from '../app/route.ts';

/** Who is logged in (name, role, department) and the way out, in the header. */
export function SignedInUser({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const logout = useLogout();
  const { user, departmentName } = session;
  return (
    <div className="signed-in">
      <div role="group" aria-label={t('session.current')} className="signed-in-user">
        <span className="user-name">{user.displayName}</span>
        <span className="user-facts">
          <span className="user-role">{t(`roles.${user.role}`)}</span>
          {departmentName && (
            <>
              <span aria-hidden="true"> · </span>
              <span className="user-department">{departmentName}</span>
            </>
          )}
        </span>
      </div>
      <button
        type="button"
        className="header-button"
        disabled={logout.isPending}
        aria-busy={logout.isPending}
        onClick={() =>
          logout.mutate(undefined, {
            // The next person to log in on a shared ward computer starts at the home page, not
            // on whatever the last one was reading.
            onSuccess: () => navigate(homePath),
          })
        }
      >
        {t('session.logout')}
      </button>
      {logout.isError && (
        <p role="alert" className="header-alert">
          {t('session.logoutFailed', { message: logout.error.message })}
        </p>
      )}
    </div>
  );
}
