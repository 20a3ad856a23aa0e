import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCatalogue } from '../api/useCatalogue.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { replaceSearch, useLocationSearch } from '../app/navigation.ts';
import { formatCount } from '../format/count.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { catalogueFilterSearch, filterMetrics, metricOwners, noFilter, readCatalogueFilter, type CatalogueFilter } from './catalogueFilter.ts';
import { CatalogueFilters } from './CatalogueFilters.tsx';
import { MetricTable } from './MetricTable.tsx';

/**
 * 指标中心: every metric of the hospital, searchable by name, synonym and pinyin and filtered by
 * owner and status. The search and filters live in the address bar, so that a filtered list can
 * be bookmarked, reloaded, and is there again on coming back from a metric's page.
 */
export function CataloguePage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = useId();
  const catalogue = useCatalogue();
  const search = useLocationSearch();
  const filter = useMemo(() => readCatalogueFilter(search), [search]);
  const setFilter = (next: CatalogueFilter) => replaceSearch(catalogueFilterSearch(next));

  const metrics = catalogue.data?.metrics;
  const owners = useMemo(() => metricOwners(metrics ?? []), [metrics]);
  const shown = useMemo(() => filterMetrics(metrics ?? [], filter), [metrics, filter]);

  let body;
  if (catalogue.isPending) {
    body = (
      <p role="status" className="notice">
        {t('catalogue.loading')}
      </p>
    );
  } else if (catalogue.isError) {
    body = (
      <ErrorNotice
        message={t('catalogue.loadFailed', { message: catalogue.error.message })}
        onRetry={() => void catalogue.refetch()}
        retrying={catalogue.isFetching}
      />
    );
  } else if (catalogue.data.metrics.length === 0) {
    body = <p className="notice">{t('catalogue.empty')}</p>;
  } else {
    const filtered = filter.text !== '' || filter.owner !== null || filter.status !== null;
    body = (
      <>
        <CatalogueFilters filter={filter} owners={owners} onChange={setFilter} />
        <div className="section-bar catalogue-results">
          {/* A live region: screen readers hear how many metrics are left after each keystroke. */}
          <p role="status" className="section-meta result-count">
            {t('catalogue.resultCount', { shown: formatCount(shown.length, language), total: formatCount(catalogue.data.metrics.length, language) })}
          </p>
          {filtered && (
            <button type="button" className="pager-button" onClick={() => setFilter(noFilter)}>
              {t('catalogue.clearFilters')}
            </button>
          )}
        </div>
        {shown.length > 0 ? <MetricTable metrics={shown} label={t('catalogue.table')} /> : <p className="notice">{t('catalogue.noMatch')}</p>}
      </>
    );
  }

  return (
    <article className="catalogue" aria-labelledby={headingId}>
      <h2 id={headingId} className="page-heading">
        {t('catalogue.heading')}
      </h2>
      <p className="page-intro muted">{t('catalogue.intro')}</p>
      {body}
    </article>
  );
}
