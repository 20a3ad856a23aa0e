import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/types.ts';
import { useCatalogue } from '../api/useCatalogue.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { BuilderEditor } from './BuilderEditor.tsx';
import { useSavedChart } from './useSavedChart.ts';

/** /builder (a new chart) and /builder/:chartId (a saved chart reopened). */
export function BuilderPage({ chartId, session }: { chartId: string | null; session: SessionInfo }) {
  const { t } = useTranslation();
  const catalogue = useCatalogue();
  const saved = useSavedChart(chartId);
  let content;
  if (catalogue.isError) {
    content = <ErrorNotice message={t('builder.fields.failed', { message: catalogue.error.message })} onRetry={() => void catalogue.refetch()} retrying={catalogue.isFetching} />;
  } else if (chartId !== null && saved.isError) {
    content = <ErrorNotice message={t('builder.saved.failed', { message: saved.error.message })} onRetry={() => void saved.refetch()} retrying={saved.isFetching} />;
  } else if (catalogue.isPending) {
    content = <p role="status" className="notice">{t('builder.fields.loading')}</p>;
  } else if (chartId !== null && saved.isPending) {
    content = <p role="status" className="notice">{t('builder.saved.loading')}</p>;
  } else {
    content = <BuilderEditor key={saved.data?.id ?? 'new'} catalogue={catalogue.data} saved={chartId === null ? null : (saved.data ?? null)} session={session} />;
  }
  return (
    <div className="builder-page">
      <h2 className="page-heading">{chartId !== null && saved.data ? saved.data.name : t('builder.heading')}</h2>
      {chartId !== null && saved.data?.description && <p className="muted">{saved.data.description}</p>}
      {content}
    </div>
  );
}
