// The labelled question sets (labelled/*.yaml) scored against the parser: exact match of the whole
// outcome, the share answered and refused, and answers given to questions outside the catalogue.
// The test and `npm run bench -- questions` both use it.
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import type { MetricQuery } from '../plan/planner.ts';
import { parseQuestion, type QuestionCatalogue, type QuestionOutcome } from './index.ts';

export interface LabelledQuestion {
  q: string;
  expect?: MetricQuery;
  refuse?: true;
  ask?: string[];
  didYouMean?: string[];
}

export interface LabelledSet {
  asOf: string;
  questions: LabelledQuestion[];
}

export async function readLabelledSet(name: 'questions' | 'held-out'): Promise<LabelledSet> {
  return parse(await readFile(new URL(`./labelled/${name}.yaml`, import.meta.url), 'utf8')) as LabelledSet;
}

/** What tells an ambiguous outcome's choices apart: their metric, else their first dimension. */
function choiceKeys(outcome: Extract<QuestionOutcome, { kind: 'ambiguous' }>): string[] {
  const metrics = new Set(outcome.choices.map((c) => c.query.metrics.join()));
  return outcome.choices.map((c) => (metrics.size > 1 ? c.query.metrics[0]! : c.query.dimensions?.[0] ?? c.query.where ?? ''));
}

/** Whether the outcome is the labelled one. A question outside the catalogue may also get a "did you mean": neither answers it. */
export function matchesLabel(label: LabelledQuestion, outcome: QuestionOutcome, asOf: string): boolean {
  const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
  if (label.expect) return outcome.kind === 'answer' && isDeepStrictEqual(outcome.query, { ...label.expect, asOf });
  if (label.refuse) return outcome.kind === 'refused' || outcome.kind === 'did_you_mean';
  if (label.ask) return outcome.kind === 'ambiguous' && sameSet(choiceKeys(outcome), label.ask);
  return outcome.kind === 'did_you_mean' && sameSet(outcome.suggestions.flatMap((s) => (s.target.kind === 'metric' ? [s.target.metric] : [])), label.didYouMean ?? []);
}

export interface SetScore {
  questions: number;
  exact: number;
  answered: number;
  refused: number;
  /** Questions labelled outside the catalogue that got an answer anyway. */
  wronglyAnswered: number;
  outsideCatalogue: number;
  misses: { q: string; label: LabelledQuestion; outcome: QuestionOutcome }[];
  /** Milliseconds per question, the slowest one. */
  slowestMs: number;
  meanMs: number;
}

export function scoreSet(set: LabelledSet, catalogue: QuestionCatalogue): SetScore {
  const score: SetScore = { questions: set.questions.length, exact: 0, answered: 0, refused: 0, wronglyAnswered: 0, outsideCatalogue: 0, misses: [], slowestMs: 0, meanMs: 0 };
  let total = 0;
  for (const label of set.questions) {
    const started = performance.now();
    const outcome = parseQuestion(label.q, catalogue, { asOf: set.asOf });
    const took = performance.now() - started;
    total += took;
    score.slowestMs = Math.max(score.slowestMs, took);
    if (matchesLabel(label, outcome, set.asOf)) score.exact++;
    else score.misses.push({ q: label.q, label, outcome });
    if (outcome.kind === 'answer') score.answered++;
    if (outcome.kind === 'refused') score.refused++;
    if (label.refuse) {
      score.outsideCatalogue++;
      if (outcome.kind === 'answer') score.wronglyAnswered++;
    }
  }
  score.meanMs = total / set.questions.length;
  return score;
}
