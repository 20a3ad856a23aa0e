// What a question can name, built once per semantic model and user: every metric by its labels,
// synonyms, code name and the pinyin of its Chinese names; every conformed dimension by its labels
// and the words staff use for it; every dimension value the caller's vocabulary lists (read within
// the asking user's access, so a department the user cannot see is an unknown word), by each of
// its names; and the built-in phrases. Terms are normalized as questions are (normalize.ts).
import { pinyin } from 'pinyin-pro';
import type { Label } from '../model/model-spec.ts';
import type { SemanticModel } from '../model/semantic-model.ts';
import { metricLineage } from '../plan/lineage.ts';
import { normalizeQuestion } from './normalize.ts';
import { dimensionWords, phrases, sameWords, type Phrase } from './phrases.ts';
import { contentWords } from './english-words.ts';
import type { SuggestionTarget } from './suggest.ts';

/** A dimension's values with their names (科室 code → 心血管内科, 心内科), as the caller reads them. */
export interface DimensionVocabulary {
  dimension: string;
  /** The first name of each value is the one shown. */
  values: { value: string; names: string[] }[];
}

export type TermMeaning =
  | { kind: 'metric'; metric: string }
  | { kind: 'dimension'; dimension: string }
  | { kind: 'value'; dimension: string; value: string; name: string }
  | { kind: 'phrase'; phrase: Phrase };

export interface Term {
  text: string;
  /** Latin letters or digits at its start or end, which must stand at word boundaries. */
  latin: boolean;
  meaning: TermMeaning;
}

export interface QuestionCatalogue {
  model: SemanticModel;
  /** Terms by their first character, longest first. */
  byFirst: Map<string, Term[]>;
  /** Every metric's names in Chinese (without spaces) and English, for abbreviations and "did you mean". */
  metricNames: { metric: string; text: string; latin: boolean; /** An English name's content words. */ words: string[] | null }[];
  /** The conformed dimensions each metric can be split and filtered by (every dataset it reads has them). */
  metricDimensions: Map<string, string[]>;
  /** Display names of dimension values. */
  valueLabels: Map<string, string>;
  /** Every metric and value name with its toneless pinyin, for "did you mean" (pinyin is slow to work out per question). */
  suggestible: { target: SuggestionTarget; text: string; sound: string | null }[];
}

export const isLatin = (text: string) => /^[a-z0-9]|[a-z0-9]$/.test(text);
const normalized = (text: string) => normalizeQuestion(text).text.trim();
/** Chinese names written without their spaces too ("近 7 日门诊人次"). */
const withoutSpaces = (text: string) => (/[\u4e00-\u9fff]/.test(text) ? [text, text.replace(/\s+/g, '')] : [text]);
/** A name as staff also say it: 病床 and 床位 are one word in a hospital (平均开放病床数, 平均开放床位数). */
const sayings = (text: string) => [...new Set([text, ...sameWords.flatMap(([a, b]) => [text.replaceAll(a, b), text.replaceAll(b, a)])])];

/** A statistic's core name, as people say it: 急诊滞留时间中位数 → 急诊滞留时间. */
const coreName = (text: string) => text.replace(/中位数$/, '');

/** Toneless full pinyin and initials (ü as v) of a Chinese name; nothing for a name without Chinese. */
export function pinyinKeys(text: string): string[] {
  if (!/[\u4e00-\u9fff]/.test(text)) return [];
  const full = pinyin(text, { toneType: 'none', type: 'array', v: true }).join('').replace(/[^a-z0-9]/g, '');
  const initials = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', v: true }).join('').replace(/[^a-z0-9]/g, '');
  return initials.length >= 3 ? [full, initials] : [full];
}

export const valueKey = (dimension: string, value: string) => `${dimension}\u0000${value}`;

export function questionCatalogue(model: SemanticModel, vocabulary: DimensionVocabulary[]): QuestionCatalogue {
  const terms: Term[] = [];
  const add = (text: string, meaning: TermMeaning) => {
    const t = normalized(text);
    if (t) terms.push({ text: t, latin: isLatin(t), meaning });
  };
  const metricNames: QuestionCatalogue['metricNames'] = [];
  const metricDimensions = new Map<string, string[]>();
  for (const [name, metric] of model.metrics) {
    const chinese = [metric.spec.label.zh, ...(metric.spec.synonyms ?? []).filter((s) => /[\u4e00-\u9fff]/.test(s))].flatMap(withoutSpaces).flatMap(sayings);
    const names = [...new Set([...chinese, ...chinese.map(coreName), metric.spec.label.en, name.replaceAll('_', ' '), ...(metric.spec.synonyms ?? [])])];
    for (const text of names) {
      add(text, { kind: 'metric', metric: name });
      const latin = !/[\u3400-\u9fff]/.test(text);
      metricNames.push({ metric: name, text: normalized(text).replace(/\s+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\s+/g, ''), latin, words: latin ? contentWords(normalized(text)) : null });
    }
    for (const key of chinese.flatMap(pinyinKeys)) add(key, { kind: 'metric', metric: name });
    const datasets = metricLineage(model, name).datasets;
    metricDimensions.set(name, [...model.dimensions.entries()].filter(([, d]) => datasets.every((ds) => d.datasets.includes(ds))).map(([dimension]) => dimension));
  }
  for (const [name, dimension] of model.dimensions) {
    for (const text of new Set([dimension.label.zh, dimension.label.en, ...(dimensionWords[name] ?? [])])) add(text, { kind: 'dimension', dimension: name });
  }
  const valueLabels = new Map<string, string>();
  for (const { dimension, values } of vocabulary) {
    if (!model.dimensions.has(dimension)) continue;
    for (const { value, names } of values) {
      valueLabels.set(valueKey(dimension, value), names[0] ?? value);
      for (const text of new Set(names)) add(text, { kind: 'value', dimension, value, name: names[0] ?? value });
    }
  }
  for (const [text, phrase] of phrases) add(text, { kind: 'phrase', phrase });
  const suggestible = terms.flatMap((term): QuestionCatalogue['suggestible'] => {
    const { meaning } = term;
    const target: SuggestionTarget | null = meaning.kind === 'metric' ? { kind: 'metric', metric: meaning.metric }
      : meaning.kind === 'value' ? { kind: 'value', dimension: meaning.dimension, value: meaning.value } : null;
    return target ? [{ target, text: term.text, sound: pinyinKeys(term.text)[0] ?? null }] : [];
  });
  const byFirst = new Map<string, Term[]>();
  for (const term of terms) byFirst.set(term.text[0]!, [...(byFirst.get(term.text[0]!) ?? []), term]);
  for (const list of byFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
  return { model, byFirst, metricNames, metricDimensions, valueLabels, suggestible };
}

export function metricLabel(catalogue: QuestionCatalogue, metric: string): Label {
  return catalogue.model.metrics.get(metric)!.spec.label;
}
