// Finding a metric the way people in a Chinese hospital type: its Chinese or English name, a
// synonym, its code name, or the pinyin of its Chinese name, full (chuyuan) or by initials (cwsyl),
// since pinyin is how most of them type Chinese and initials are how they abbreviate.
import { pinyin } from 'pinyin-pro';
import type { CatalogueMetric } from '../api/types.ts';

type Searchable = Pick<CatalogueMetric, 'name' | 'label' | 'synonyms'>;

/** Case, spaces, underscores and hyphens do not matter: `bed occ`, `Bed_Occ` and `bedocc` are alike. */
export function normalizeSearchText(text: string): string {
  return text.toLowerCase().replace(/[\s_\-]+/gu, '');
}

/** Full pinyin and initials of a Chinese text, ü written both v (as typed) and u; other characters kept. */
function pinyinKeys(text: string): string[] {
  const full = pinyin(text, { toneType: 'none', type: 'array', v: true }).join('');
  const initials = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', v: true }).join('');
  return [...new Set([full, full.replace(/v/g, 'u'), initials])].map(normalizeSearchText);
}

/** Metric objects are immutable query data: their search keys are worked out once. */
const keysOf = new WeakMap<Searchable, string[]>();

function searchKeys(metric: Searchable): string[] {
  let keys = keysOf.get(metric);
  if (!keys) {
    const chinese = [metric.label.zh, ...metric.synonyms];
    keys = [...new Set([metric.name, metric.label.en, ...chinese, ...chinese.flatMap(pinyinKeys)].map(normalizeSearchText))];
    keysOf.set(metric, keys);
  }
  return keys;
}

/**
 * Whether `text` finds `metric`: as part of its name (Chinese, English or code), of a synonym, or of
 * the pinyin of its Chinese name or a synonym. Empty text finds everything.
 */
export function metricMatches(metric: Searchable, text: string): boolean {
  const wanted = normalizeSearchText(text);
  return wanted === '' || searchKeys(metric).some((key) => key.includes(wanted));
}
