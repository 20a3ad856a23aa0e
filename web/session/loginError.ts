import type { TFunction } from 'i18next';
import { ApiError } from '../api/request.ts';

/**
 * Why logging in failed, in words that say what to do: type the password again, wait (for as
 * long as the server said), or check the network. Anything else keeps the server's own message.
 */
export function loginErrorMessage(error: Error, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('login.failed', { message: error.message });
  if (error.status === 401) return t('login.wrongCredentials');
  if (error.status === 429) {
    if (error.retryAfterSeconds === null) return t('login.tooManyAttemptsLater');
    return t('login.tooManyAttempts', { minutes: String(Math.max(1, Math.ceil(error.retryAfterSeconds / 60))) });
  }
  if (error.status === null) return t('login.unreachable', { message: error.message });
  return t('login.failed', { message: error.message });
}
