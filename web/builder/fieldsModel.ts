// The fields panel's content, from the catalogue: the metrics, then the dimensions grouped by
// dataset. Dimensions many datasets share (科室, 病区) and time are listed once, as shared, rather
// than under every dataset; a dataset's group holds what only it has.
import type { Catalogue, LocalizedText } from '../api/types.ts';
import { metricMatches } from '../catalogue/metricMatches.ts';
import type { Language } from '../i18n/language.ts';
import { timeDimension, type FieldRef } from './builderState.ts';

export type FieldType = 'text' | 'number' | 'date';

export type PanelField = { ref: FieldRef; label: LocalizedText; type: FieldType; unit?: string };
export type FieldGroup = { key: string; title: LocalizedText | null; fields: PanelField[] };
export type FieldsModel = { metrics: PanelField[]; dimensionGroups: FieldGroup[] };

const timeLabel: LocalizedText = { zh: '时间', en: 'Time' };

/** Every field the catalogue offers, unfiltered; `visibleFields` applies the search box. */
export function fieldsModel(catalogue: Catalogue): FieldsModel {
  const metrics: PanelField[] = catalogue.metrics.map((m) => ({
    ref: { kind: 'metric', name: m.name }, label: m.label, type: 'number', ...(m.unit ? { unit: m.unit } : {}),
  }));
  const dimension = (d: Catalogue['dimensions'][number]): PanelField => ({
    ref: { kind: 'dimension', name: d.name }, label: d.label, type: d.type === 'number' ? 'number' : d.type === 'date' || d.type === 'timestamp' ? 'date' : 'text',
  });
  const shared: PanelField[] = [
    { ref: { kind: 'dimension', name: timeDimension }, label: timeLabel, type: 'date' },
    ...catalogue.dimensions.filter((d) => d.datasets.length > 1).map(dimension),
  ];
  const groups: FieldGroup[] = catalogue.datasets.flatMap((dataset) => {
    const own = catalogue.dimensions.filter((d) => d.datasets.length === 1 && d.datasets[0] === dataset.name).map(dimension);
    return own.length > 0 ? [{ key: dataset.name, title: dataset.label, fields: own }] : [];
  });
  return { metrics, dimensionGroups: [{ key: 'shared', title: null, fields: shared }, ...groups] };
}

const searchable = new WeakMap<PanelField, { name: string; label: LocalizedText; synonyms: string[] }>();

function matches(field: PanelField, text: string, synonyms: Map<string, string[]>): boolean {
  let entry = searchable.get(field);
  if (!entry) {
    entry = { name: field.ref.name, label: field.label, synonyms: field.ref.kind === 'metric' ? (synonyms.get(field.ref.name) ?? []) : [] };
    searchable.set(field, entry);
  }
  return metricMatches(entry, text);
}

/** The fields the search text finds (by Chinese or English name, code, synonym or pinyin); groups left empty go. */
export function visibleFields(model: FieldsModel, catalogue: Catalogue, text: string): FieldsModel {
  if (text.trim() === '') return model;
  const synonyms = new Map(catalogue.metrics.map((m) => [m.name, m.synonyms]));
  return {
    metrics: model.metrics.filter((f) => matches(f, text, synonyms)),
    dimensionGroups: model.dimensionGroups
      .map((g) => ({ ...g, fields: g.fields.filter((f) => matches(f, text, synonyms)) }))
      .filter((g) => g.fields.length > 0),
  };
}

export const localized = (text: LocalizedText, language: Language) => (language === 'en' ? text.en : text.zh);

/** A field's label in the user's language, for chips, announcements and the query's columns. */
export function fieldLabel(model: FieldsModel | undefined, ref: FieldRef | { kind?: undefined; name: string }, language: Language): string {
  if (ref.name === timeDimension) return localized(timeLabel, language);
  const found = ref.kind === 'metric' || ref.kind === undefined ? model?.metrics.find((f) => f.ref.name === ref.name) : undefined;
  const field = found ?? model?.dimensionGroups.flatMap((g) => g.fields).find((f) => f.ref.name === ref.name);
  return field ? localized(field.label, language) : ref.name;
}
