// What the parser says about a question, as plain data for the web's question box: an answerable
// query with its interpretation as chips, a choice to make, a "did you mean", or a refusal saying
// what it can answer.
import type { Label } from '../model/model-spec.ts';
import type { Comparison, MetricQuery } from '../plan/planner.ts';
import type { TimeGrain } from '../sql/sql-ast.ts';
import type { SuggestionTarget } from './suggest.ts';
import type { QuestionRange } from './time-expressions.ts';

/** One part of the query as the question said it, editable on its own. */
export type Chip = {
  /** The user's words it came from; empty for a default the parser chose (`assumed`). */
  words: string;
  /** Offsets of those words in the question, [start, end); null for a default. */
  span: [number, number] | null;
  assumed: boolean;
  label: Label;
} & (
  | { part: 'metric'; metric: string }
  | { part: 'dimension'; dimension: string }
  | { part: 'filter'; dimension: string; values: string[] }
  | { part: 'time'; range: QuestionRange }
  | { part: 'grain'; grain: TimeGrain }
  | { part: 'compare'; compare: Comparison }
  | { part: 'order'; by: string; desc: boolean }
  | { part: 'limit'; limit: number }
);

export interface Interpretation {
  query: MetricQuery;
  chips: Chip[];
}

export type QuestionOutcome =
  | ({ kind: 'answer' } & Interpretation)
  /** The question fits several queries: `words` could mean each choice. */
  | { kind: 'ambiguous'; words: string; prompt: Label; choices: ({ label: Label } & Interpretation)[] }
  /** A word the catalogue does not know, close to names it does; each suggestion comes with the question rewritten. */
  | { kind: 'did_you_mean'; words: string; suggestions: { label: Label; target: SuggestionTarget; question: string }[] }
  | { kind: 'refused'; reason: Label; canAnswer: { metric: string; label: Label }[] };
