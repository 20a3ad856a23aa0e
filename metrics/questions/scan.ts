// A normalized question → tokens, left to right: at each position the longest of a time expression,
// a top-N ranking, a catalogue term or a metric's abbreviation; ties go to the more specific kind.
// What nothing matches is an unknown token (a Latin word, or a run of Chinese characters).
import { isLatin, type QuestionCatalogue } from './catalogue.ts';
import { contentWords, isStopword } from './english-words.ts';
import { NUMBER, numberValue } from './numbers.ts';
import type { Phrase } from './phrases.ts';
import { matchTime, type TimeMention } from './time-expressions.ts';

export type Token = { start: number; end: number } & (
  | { kind: 'time'; mention: TimeMention }
  /** One metric, or several an abbreviation could stand for. */
  | { kind: 'metric'; metrics: string[] }
  | { kind: 'dimension'; dimension: string }
  /** A name several dimensions' values may share (急诊: a visit type and an admission source). */
  | { kind: 'value'; values: { dimension: string; value: string; name: string }[] }
  | { kind: 'phrase'; phrase: Phrase }
  | { kind: 'top'; desc: boolean; limit: number }
  | { kind: 'unknown' }
);

const wordChar = /[a-z0-9]/;
const cjk = /[\u3400-\u9fff]/;
const top = [
  { pattern: new RegExp(`(?:排名|排行)?\\s*(前|后|倒数)\\s*(?:第)?(${NUMBER})\\s*(?:名|个|位|家)?`, 'y'), desc: (m: RegExpExecArray) => m[1] === '前', n: 2 },
  { pattern: new RegExp(`最(高|多|大|长|低|少|小|短)的?\\s*(${NUMBER})\\s*(?:个|名|位|家)`, 'y'), desc: (m: RegExpExecArray) => '高多大长'.includes(m[1]!), n: 2 },
  { pattern: new RegExp(`(top|bottom)\\s*(${NUMBER})\\b`, 'y'), desc: (m: RegExpExecArray) => m[1] === 'top', n: 2 },
];
/** 出院多少人, 出院了几人: a verb and a count, for the metric named by the verb and the count's noun. */
const countQuestion = /([\u3400-\u9fff]{2,6}?)了?(?:多少|几)(人次|人|例|台|次)/y;
const countNouns: Record<string, string[]> = { 人次: ['人次'], 人: ['人数', '人次'], 例: ['例数'], 台: ['台次'], 次: ['次数', '人次'] };

const boundedAt = (text: string, start: number, end: number, latin: boolean) => !latin
  || ((start === 0 || !wordChar.test(text[start - 1]!) || !wordChar.test(text[start]!)) && (end >= text.length || !wordChar.test(text[end]!) || !wordChar.test(text[end - 1]!)));

/** Characters that end many names (人数, 率, 次数 …): an abbreviation made only of them names nothing. */
const generic = new Set('人数次率例量日天占比平均总计累中位值时间');

/** Chinese abbreviation: `short` (without 的) in order within `name`, in at most two runs, ending where it ends or its opening ¾. */
function abbreviates(short: string, name: string): boolean {
  if (short === name) return true;
  if (short.length < 2 || short.length > name.length || short.length < 0.35 * name.length || [...short].every((c) => generic.has(c))) return false;
  let runs = 0;
  let last = -2;
  let at = 0;
  for (const char of short) {
    const found = name.indexOf(char, at);
    if (found === -1) return false;
    if (found !== last + 1) runs++;
    last = found;
    at = found + 1;
  }
  const endsAlike = last === name.length - 1;
  const opening = name.startsWith(short) && short.length >= 0.75 * name.length;
  return runs <= 2 && (endsAlike || opening);
}

/** English abbreviation: the content words, in order, among at least 40 % of the name's. */
function abbreviatesWords(content: string[], nameWords: string[]): boolean {
  if (content.length === 0 || content.length < 0.4 * nameWords.length || content.length > nameWords.length) return false;
  let at = 0;
  for (const word of content) {
    const found = nameWords.indexOf(word, at);
    if (found === -1) return false;
    at = found + 1;
  }
  return true;
}

/** The longest span from `at` abbreviating one or more metrics' names. */
function abbreviation(text: string, at: number, catalogue: QuestionCatalogue): { end: number; metrics: string[] } | null {
  if (cjk.test(text[at]!)) {
    if (text[at] === '的') return null;
    const chinese = catalogue.metricNames.filter((n) => !n.latin && n.text.includes(text[at]!));
    if (chinese.length === 0) return null;
    let longest = at;
    while (longest < Math.min(text.length, at + 12) && /[\u3400-\u9fff0-9]/.test(text[longest]!)) longest++;
    for (let end = longest; end >= at + 2; end--) {
      const short = text.slice(at, end).replaceAll('的', '');
      const names = chinese.filter((n) => abbreviates(short, n.text));
      // A name said in full is that metric, even inside a longer name (出院人数 in 累计出院人数).
      const exact = names.filter((n) => n.text === short);
      const metrics = [...new Set((exact.length ? exact : names).map((n) => n.metric))];
      if (metrics.length) return { end, metrics };
    }
    return null;
  }
  if (!wordChar.test(text[at]!) || (at > 0 && wordChar.test(text[at - 1]!))) return null;
  const run = /^[a-z0-9]+(?:[-'][a-z0-9]+)*(?:\s+[a-z0-9]+(?:[-'][a-z0-9]+)*){0,6}/.exec(text.slice(at))![0];
  const words = [...run.matchAll(/[a-z0-9]+(?:[-'][a-z0-9]+)*/g)];
  for (let k = words.length; k >= 1; k--) {
    const span = words.slice(0, k).map((w) => w[0]);
    if (isStopword(span[0]!) || isStopword(span[k - 1]!)) continue;
    const content = contentWords(span.join(' '));
    const metrics = [...new Set(catalogue.metricNames.filter((n) => n.words && abbreviatesWords(content, n.words)).map((n) => n.metric))];
    if (metrics.length) return { end: at + words[k - 1]!.index + span[k - 1]!.length, metrics };
  }
  return null;
}

const rankOfKind: Record<string, number> = { metric: 0, dimension: 1, value: 2, phrase: 3 };

export function scanQuestion(text: string, catalogue: QuestionCatalogue, asOf: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    let best: Token | null = null;
    const consider = (token: Token) => {
      if (!best || token.end > best.end) best = token;
    };
    const time = matchTime(text, i, asOf);
    if (time) consider({ kind: 'time', start: i, end: time.end, mention: time });
    for (const { pattern, desc, n } of top) {
      pattern.lastIndex = i;
      const match = pattern.exec(text);
      const limit = match ? numberValue(match[n]!) : null;
      if (match && limit) consider({ kind: 'top', start: i, end: i + match[0].length, desc: desc(match), limit });
    }
    const exact = (catalogue.byFirst.get(text[i]!) ?? []).filter((t) => text.startsWith(t.text, i) && boundedAt(text, i, i + t.text.length, t.latin));
    if (exact.length) {
      const end = i + exact[0]!.text.length;
      const same = exact.filter((t) => t.text.length === exact[0]!.text.length).sort((a, b) => rankOfKind[a.meaning.kind]! - rankOfKind[b.meaning.kind]!);
      const meaning = same[0]!.meaning;
      if (meaning.kind === 'metric') consider({ kind: 'metric', start: i, end, metrics: [...new Set(same.flatMap((t) => (t.meaning.kind === 'metric' ? [t.meaning.metric] : [])))] });
      else if (meaning.kind === 'dimension') consider({ kind: 'dimension', start: i, end, dimension: meaning.dimension });
      else if (meaning.kind === 'value') consider({ kind: 'value', start: i, end, values: same.flatMap((t) => (t.meaning.kind === 'value' ? [t.meaning] : [])).map(({ dimension, value, name }) => ({ dimension, value, name })) });
      else consider({ kind: 'phrase', start: i, end, phrase: meaning.phrase });
    }
    countQuestion.lastIndex = i;
    const count = countQuestion.exec(text);
    if (count) {
      const metrics = [...new Set(countNouns[count[2]!]!.flatMap((noun) => catalogue.metricNames.filter((n) => n.text === count[1]! + noun).map((n) => n.metric)))];
      if (metrics.length) consider({ kind: 'metric', start: i, end: i + count[0].length, metrics });
    }
    const abbreviated = abbreviation(text, i, catalogue);
    if (abbreviated) consider({ kind: 'metric', start: i, end: abbreviated.end, metrics: abbreviated.metrics });
    if (best) {
      tokens.push(best);
      i = (best as Token).end;
      continue;
    }
    // Unknown: a whole Latin word, or one Chinese character joined to the unknown run before it.
    const end = wordChar.test(text[i]!) ? i + /^[a-z0-9]+(?:[-'][a-z0-9]+)*/.exec(text.slice(i))![0].length : i + 1;
    const previous = tokens[tokens.length - 1];
    if (previous?.kind === 'unknown' && !isLatin(text.slice(i, end)) && previous.end === i) previous.end = end;
    else tokens.push({ kind: 'unknown', start: i, end });
    i = end;
  }
  return tokens;
}
