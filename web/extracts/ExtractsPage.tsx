import { useTranslation } from 'react-i18next';
import { useExtracts } from '../api/useExtracts.ts';
import { ExtractTable } from './ExtractTable.tsx';
import { GenerationSummary } from './GenerationSummary.tsx';

/** Home page: what the server found in its extracts directory. */
export function ExtractsPage() {
  const { t } = useTranslation();
  const extracts = useExtracts();

  if (extracts.isPending) {
    return (
      <p role="status" className="notice">
        {t('extracts.loading')}
      </p>
    );
  }
  if (extracts.isError) {
    return (
      <div role="alert" className="notice notice-error">
        <p>{t('extracts.loadFailed', { message: extracts.error.message })}</p>
        <button
          type="button"
          onClick={() => void extracts.refetch()}
          disabled={extracts.isFetching}
          aria-busy={extracts.isFetching}
        >
          {t('extracts.retry')}
        </button>
      </div>
    );
  }
  return (
    <>
      <GenerationSummary generation={extracts.data.generation} />
      <ExtractTable extracts={extracts.data.extracts} />
    </>
  );
}
