import { useTranslation } from 'react-i18next';
import { useExtracts } from '../api/useExtracts.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { ExtractTable } from './ExtractTable.tsx';
import { GenerationSummary } from './GenerationSummary.tsx';

/** What the server found in its extracts directory: the lower half of the home page. */
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
      <ErrorNotice
        message={t('extracts.loadFailed', { message: extracts.error.message })}
        onRetry={() => void extracts.refetch()}
        retrying={extracts.isFetching}
      />
    );
  }
  return (
    <>
      <GenerationSummary generation={extracts.data.generation} />
      <ExtractTable extracts={extracts.data.extracts} />
    </>
  );
}
