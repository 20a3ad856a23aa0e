import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useDatasets } from '../api/useDatasets.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { formatCount } from '../format/count.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { DatasetTable } from './DatasetTable.tsx';

/** The upper half of the home page: what the warehouse holds and how each dataset last loaded. */
export function DatasetsSection({ linkLoadReports }: { linkLoadReports: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = useId();
  const datasets = useDatasets();

  let body;
  if (datasets.isPending) {
    body = (
      <p role="status" className="notice">
        {t('datasets.loading')}
      </p>
    );
  } else if (datasets.isError) {
    body = (
      <ErrorNotice
        message={t('datasets.loadFailed', { message: datasets.error.message })}
        onRetry={() => void datasets.refetch()}
        retrying={datasets.isFetching}
      />
    );
  } else if (datasets.data.datasets.length === 0) {
    body = <p className="notice">{t('datasets.empty')}</p>;
  } else {
    const { dataVersion } = datasets.data;
    body = (
      <>
        <p className="section-meta">
          <span title={t('datasets.warehouseVersionHint')}>
            {t('datasets.dataVersion')}{' '}
            {dataVersion === null ? '—' : <data value={dataVersion} className="version">{String(dataVersion)}</data>}
          </span>
          <span aria-hidden="true"> · </span>
          <span>{t('datasets.datasetCount', { n: formatCount(datasets.data.datasets.length, language) })}</span>
        </p>
        <DatasetTable datasets={datasets.data.datasets} labelledBy={headingId} linkLoadReports={linkLoadReports} />
      </>
    );
  }

  return (
    <section className="datasets" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-heading">
        {t('datasets.heading')}
      </h2>
      {body}
    </section>
  );
}
