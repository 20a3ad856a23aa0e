import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Catalogue } from '../api/types.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import type { FieldRef } from './builderState.ts';
import { FieldItem } from './FieldItem.tsx';
import { localized, visibleFields, type FieldsModel, type PanelField } from './fieldsModel.ts';

type Props = { catalogue: Catalogue; model: FieldsModel; readOnly: boolean; onAdd: (field: FieldRef) => void };

/** The metrics and dimensions to build a chart from, with a search box. */
export function FieldsPanel({ catalogue, model, readOnly, onAdd }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = useId();
  const [search, setSearch] = useState('');
  const shown = useMemo(() => visibleFields(model, catalogue, search), [model, catalogue, search]);
  const item = (field: PanelField) => (
    <FieldItem key={`${field.ref.kind}:${field.ref.name}`} field={field} label={localized(field.label, language)} readOnly={readOnly} onAdd={() => onAdd(field.ref)} />
  );
  const nothing = shown.metrics.length === 0 && shown.dimensionGroups.length === 0;
  return (
    <aside className="fields-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('builder.fields.heading')}</h2>
      <input type="search" className="fields-search" aria-label={t('builder.fields.search')} placeholder={t('builder.fields.search')} value={search} onChange={(e) => setSearch(e.target.value)} />
      {nothing && <p className="notice">{t('builder.fields.noMatch', { search })}</p>}
      {shown.metrics.length > 0 && (
        <section aria-label={t('builder.fields.metrics')}>
          <h3>{t('builder.fields.metrics')}</h3>
          <ul className="field-list">{shown.metrics.map(item)}</ul>
        </section>
      )}
      {shown.dimensionGroups.length > 0 && (
        <section aria-label={t('builder.fields.dimensions')}>
          <h3>{t('builder.fields.dimensions')}</h3>
          {shown.dimensionGroups.map((group) => {
            const title = group.title ? localized(group.title, language) : t('builder.fields.shared');
            return (
              <div key={group.key} className="field-group" role="group" aria-label={title}>
                <h4>{title}</h4>
                <ul className="field-list">{group.fields.map(item)}</ul>
              </div>
            );
          })}
        </section>
      )}
    </aside>
  );
}
