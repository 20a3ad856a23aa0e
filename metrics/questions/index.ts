// 问数: a question in Chinese or English → a MetricQuery over the catalogue, or a choice, a "did you
// mean", a refusal. Deterministic, offline, never SQL: the query goes through the governed core
// like any other, with the asker's access. See README.md.
import type { QuestionCatalogue } from './catalogue.ts';
import { interpretTokens, refusal } from './interpret.ts';
import { normalizeQuestion } from './normalize.ts';
import type { QuestionOutcome } from './question-outcome.ts';
import { scanQuestion } from './scan.ts';

export { questionCatalogue, type DimensionVocabulary, type QuestionCatalogue } from './catalogue.ts';
export type { Chip, Interpretation, QuestionOutcome } from './question-outcome.ts';
export { matchTime, type QuestionRange, type TimeMention } from './time-expressions.ts';

/** Questions longer than this are refused: a question box holds a question, not a report. */
export const maxQuestionLength = 200;

export function parseQuestion(question: string, catalogue: QuestionCatalogue, options: { asOf: string }): QuestionOutcome {
  if (question.length > maxQuestionLength) {
    return refusal(catalogue, { zh: `问题超过 ${maxQuestionLength} 个字：请一次问一个指标。`, en: `The question is longer than ${maxQuestionLength} characters: ask about one thing at a time.` });
  }
  const normalized = normalizeQuestion(question);
  return interpretTokens(scanQuestion(normalized.text, catalogue, options.asOf), normalized, catalogue, options.asOf);
}
