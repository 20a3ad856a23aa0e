// "Did you mean": the catalogue names an unknown word is close to. Chinese: the same pinyin (a
// homophone typed through a pinyin input method: 出院人树 for 出院人数), or most character pairs in
// common at nearly the same length (平均住院天数 for 平均住院日). English: one or two letters off a name or one of its words (dischrges), or a whole word
// of a name (occupancy).
import { pinyinKeys, type QuestionCatalogue } from './catalogue.ts';

export type SuggestionTarget = { kind: 'metric'; metric: string } | { kind: 'value'; dimension: string; value: string };

export interface Suggestion {
  target: SuggestionTarget;
  /** The catalogue's name the word is close to, as the question would spell it. */
  name: string;
  score: number;
}

const bigrams = (text: string) => Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2));

function dice(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.length === 0 || y.length === 0) return 0;
  const pool = [...y];
  let common = 0;
  for (const g of x) {
    const at = pool.indexOf(g);
    if (at !== -1) {
      common++;
      pool.splice(at, 1);
    }
  }
  return (2 * common) / (x.length + y.length);
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}

function closeness(word: string, sound: string | null, name: { text: string; sound: string | null }): number {
  const { text } = name;
  if (/[\u3400-\u9fff]/.test(word)) {
    if (!/[\u3400-\u9fff]/.test(text)) return 0;
    if (sound && sound === name.sound) return 1;
    // A different word beside a known name (门诊 + 收入) is no typo of it: lengths within one.
    const similar = Math.abs(word.length - text.length) <= 1 ? dice(word, text) : 0;
    return similar >= 0.6 ? similar : 0;
  }
  if (word.length < 4 || /[\u3400-\u9fff]/.test(text)) return 0;
  const allowed = word.length >= 7 ? 2 : 1;
  let best = 0;
  for (const candidate of [text, ...text.split(/[\s\-]+/)]) {
    const d = editDistance(word, candidate);
    // A word of a longer name is a weaker match than a whole name.
    if (d === 0 && candidate !== text) best = Math.max(best, 0.8);
    else if (d <= allowed) best = Math.max(best, (candidate === text ? 1 : 0.9) * (1 - d / Math.max(word.length, candidate.length)));
  }
  return best;
}

/** Up to three catalogue names `words` is closest to (within 0.05 of the closest), closest first. */
export function suggestionsFor(words: string, catalogue: QuestionCatalogue): Suggestion[] {
  const sound = /[\u3400-\u9fff]/.test(words) ? pinyinKeys(words)[0] ?? null : null;
  const found = new Map<string, Suggestion>();
  for (const name of catalogue.suggestible) {
    const score = closeness(words, sound, name);
    const key = JSON.stringify(name.target);
    if (score > 0 && score > (found.get(key)?.score ?? 0)) found.set(key, { target: name.target, name: name.text, score });
  }
  const ranked = [...found.values()].sort((a, b) => b.score - a.score);
  return ranked.filter((s) => s.score >= ranked[0]!.score - 0.05).slice(0, 3);
}
