import { useTranslation } from 'react-i18next';

type ErrorNoticeProps = {
  /** What failed, in the user's language, with the server's own message in it. */
  message: string;
  /** Offered when trying again can help (not for, say, a load that does not exist). */
  onRetry?: () => void;
  retrying?: boolean;
};

/** A request that failed: said in words, announced to screen readers, with a way to try again. */
export function ErrorNotice({ message, onRetry, retrying = false }: ErrorNoticeProps) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="notice notice-error">
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry} disabled={retrying} aria-busy={retrying}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
