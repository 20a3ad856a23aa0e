import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n/useLanguage.ts';
import { shelfFields, type BuilderState, type DimensionFilter, type ShelfName } from './builderState.ts';
import { FilterEditor } from './FilterEditor.tsx';
import { fieldLabel, type FieldsModel } from './fieldsModel.ts';
import { Shelf } from './Shelf.tsx';

export const shelfTitleKeys = { x: 'builder.shelves.x', y: 'builder.shelves.y', series: 'builder.shelves.series', filters: 'builder.shelves.filters' } as const;

type Props = {
  state: BuilderState;
  model: FieldsModel | undefined;
  readOnly: boolean;
  onRemove: (shelf: ShelfName, name: string) => void;
  onFilterValues: (dimension: string, values: DimensionFilter['values']) => void;
};

/** X, Y, series and filters: where the fields of the chart are put. */
export function ShelvesPanel({ state, model, readOnly, onRemove, onFilterValues }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const shelf = (name: ShelfName) => {
    const chips = shelfFields(state, name).map((field) => {
      const label = fieldLabel(model, { kind: name === 'y' ? 'metric' : 'dimension', name: field }, language);
      const filter = name === 'filters' ? state.filters.find((f) => f.dimension === field) : undefined;
      return {
        name: field,
        label,
        ...(filter ? { extra: <FilterEditor filter={filter} label={label} readOnly={readOnly} onChange={(values) => onFilterValues(field, values)} /> } : {}),
      };
    });
    return <Shelf key={name} shelf={name} title={t(shelfTitleKeys[name])} chips={chips} readOnly={readOnly} onRemove={(field) => onRemove(name, field)} />;
  };
  return (
    <section className="shelves" aria-label={t('builder.shelves.label')}>
      <div className="shelves-axes">
        {shelf('x')}
        {shelf('y')}
        {shelf('series')}
      </div>
      {shelf('filters')}
    </section>
  );
}
