import { useTranslation } from 'react-i18next';
import type { MetricLineage } from '../api/types.ts';
import { localized } from '../i18n/language.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import type { CatalogueIndex } from './catalogueIndex.ts';
import { lineageRows } from './lineageRows.ts';

/** Where the metric's numbers come from: per dataset, the measures aggregated and the columns read. */
export function MetricLineageTable({ lineage, index, label }: { lineage: MetricLineage; index: CatalogueIndex; label: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const rows = lineageRows(lineage);
  if (rows.length === 0) return <p className="notice">{t('metric.lineage.none')}</p>;
  return (
    <div className="table-scroll">
      <table className="data-table lineage-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t('metric.lineage.dataset')}</th>
            <th scope="col">{t('metric.lineage.measures')}</th>
            <th scope="col">{t('metric.lineage.columns')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const dataset = index.datasets.get(row.dataset);
            return (
              <tr key={row.dataset} data-dataset={row.dataset}>
                <th scope="row">
                  {dataset && <span className="item-title">{localized(dataset.label, language)}</span>}
                  <code className="item-name">{row.dataset}</code>
                </th>
                <td>
                  <ul className="plain-list">
                    {row.measures.map((measure) => {
                      const measureLabel = index.measureLabel(`${row.dataset}.${measure}`);
                      return (
                        <li key={measure}>
                          {measureLabel && <span>{localized(measureLabel, language)} </span>}
                          <code className="item-name">{measure}</code>
                        </li>
                      );
                    })}
                  </ul>
                </td>
                <td>
                  <ul className="plain-list lineage-columns">
                    {row.columns.map((column) => (
                      <li key={column.name} data-pii={column.pii ?? undefined}>
                        <code>{column.name}</code>
                        {column.pii && (
                          <span className="tag tag-pii" title={t('metric.lineage.piiHint', { tag: column.pii })}>
                            {t('metric.lineage.pii')} · {column.pii}
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
