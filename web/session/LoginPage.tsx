import { useId, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/request.ts';
import { useLogin } from '../api/useSession.ts';
import { loginErrorMessage } from './loginError.ts';

/**
 * Shown instead of any page while nobody is logged in. The address bar keeps the page asked
 * for, so that logging in shows it.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const headingId = useId();
  const errorId = useId();
  const usernameId = useId();
  const passwordId = useId();
  const password = useRef<HTMLInputElement>(null);
  const login = useLogin();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    login.mutate(
      // A space pasted along with the username would otherwise read as a wrong password.
      { username: String(form.get('username') ?? '').trim(), password: String(form.get('password') ?? '') },
      // Mostly the password was mistyped: ready to be typed again, without reaching for the mouse.
      {
        onError: (error) => {
          if (isWrongCredentials(error)) password.current?.select();
        },
      },
    );
  };

  const failed = login.isError;
  const wrong = failed && isWrongCredentials(login.error);
  return (
    <section className="login" aria-labelledby={headingId}>
      <h2 id={headingId} className="page-heading">
        {t('login.heading')}
      </h2>
      <form className="login-form" onSubmit={submit} aria-describedby={failed ? errorId : undefined}>
        <label htmlFor={usernameId}>{t('login.username')}</label>
        <input
          id={usernameId}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          // The page has one job; the cursor waits where it starts.
          autoFocus
          aria-invalid={wrong || undefined}
        />
        <label htmlFor={passwordId}>{t('login.password')}</label>
        <input
          id={passwordId}
          ref={password}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={wrong || undefined}
        />
        {failed && (
          <p id={errorId} role="alert" className="login-error">
            {loginErrorMessage(login.error, t)}
          </p>
        )}
        <button type="submit" className="login-submit" disabled={login.isPending} aria-busy={login.isPending}>
          {t('login.submit')}
        </button>
      </form>
      <p className="muted login-help">{t('login.help')}</p>
    </section>
  );
}

const isWrongCredentials = (error: Error) => error instanceof ApiError && error.status === 401;
