import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueFilter } from './catalogueFilter.ts';
import { isMetricStatus, metricStatuses } from './metricStatus.ts';

type CatalogueFiltersProps = {
  filter: CatalogueFilter;
  /** The departments owning metrics, for the owner filter. */
  owners: string[];
  onChange: (filter: CatalogueFilter) => void;
};

/** The search box and the owner and status filters; every change applies at once. */
export function CatalogueFilters({ filter, owners, onChange }: CatalogueFiltersProps) {
  const { t } = useTranslation();
  const searchId = useId();
  const hintId = useId();
  const ownerId = useId();
  const statusId = useId();
  // An owner in the address bar that owns no metric (any more) still shows, so the list is explained.
  const ownerOptions = filter.owner !== null && !owners.includes(filter.owner) ? [...owners, filter.owner] : owners;
  return (
    <form role="search" aria-label={t('catalogue.filters')} className="catalogue-filters" onSubmit={(event) => event.preventDefault()}>
      <div className="filter-field filter-search">
        <label htmlFor={searchId}>{t('catalogue.search')}</label>
        <input
          id={searchId}
          type="search"
          value={filter.text}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={hintId}
          onChange={(event) => onChange({ ...filter, text: event.target.value })}
        />
        <span id={hintId} className="filter-hint muted">
          {t('catalogue.searchHint')}
        </span>
      </div>
      <div className="filter-field">
        <label htmlFor={ownerId}>{t('catalogue.owner')}</label>
        <select id={ownerId} value={filter.owner ?? ''} onChange={(event) => onChange({ ...filter, owner: event.target.value || null })}>
          <option value="">{t('catalogue.allOwners')}</option>
          {ownerOptions.map((owner) => (
            <option key={owner} value={owner}>
              {owner}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-field">
        <label htmlFor={statusId}>{t('catalogue.status')}</label>
        <select
          id={statusId}
          value={filter.status ?? ''}
          onChange={(event) => onChange({ ...filter, status: isMetricStatus(event.target.value) ? event.target.value : null })}
        >
          <option value="">{t('catalogue.allStatuses')}</option>
          {metricStatuses.map((status) => (
            <option key={status} value={status}>
              {t(`catalogue.statuses.${status}`)}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
