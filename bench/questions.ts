// 问数 on the hospital example's catalogue: exact-match accuracy on the labelled development set
// (tuned on) and the held-out set (never tuned on), the share of questions refused, answers given
// to questions outside the catalogue (goal 0), and the time to parse a question (goal 20 ms).
import { readSemanticModel } from '../metrics/model/semantic-model.ts';
import { parseQuestion, questionCatalogue } from '../metrics/questions/index.ts';
import { readLabelledSet, scoreSet } from '../metrics/questions/labelled-set.ts';
import { hospitalVocabulary } from '../metrics/questions/testing/hospital-vocabulary.ts';
import type { BenchFigure } from './run.ts';

const goalMs = 20;
const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;

export async function benchQuestions(): Promise<BenchFigure[]> {
  const started = performance.now();
  const catalogue = questionCatalogue(await readSemanticModel(new URL('../examples/hospital/', import.meta.url).pathname), await hospitalVocabulary());
  const catalogueMs = performance.now() - started;
  const figures: BenchFigure[] = [];
  const times: number[] = [];
  for (const name of ['questions', 'held-out'] as const) {
    const set = await readLabelledSet(name);
    const score = scoreSet(set, catalogue);
    const label = name === 'questions' ? 'development set (tuned on)' : 'held-out set (never tuned on)';
    figures.push(
      { figure: `问数 exact match, ${label}, ${score.questions} questions`, value: percent(score.exact, score.questions), baseline: 'goal 95 %', ratio: (score.exact / score.questions / 0.95).toFixed(2) },
      { figure: `问数 refused, ${label}`, value: `${percent(score.refused, score.questions)} (${score.questions - score.answered - score.refused} more asked back: a choice or "did you mean")`, baseline: `${score.outsideCatalogue} of ${score.questions} are outside the catalogue`, ratio: '—' },
      { figure: `问数 answers given to questions outside the catalogue, ${label}`, value: `${score.wronglyAnswered} of ${score.outsideCatalogue}`, baseline: 'goal 0', ratio: '—' },
    );
    // Parse time: every question again, the catalogue warm, one at a time.
    for (let round = 0; round < 5; round++) {
      for (const { q } of set.questions) {
        const t = performance.now();
        parseQuestion(q, catalogue, { asOf: set.asOf });
        times.push(performance.now() - t);
      }
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  figures.push(
    { figure: `问数 parse a question, median / p95 / max of ${times.length} parses`, value: `${at(0.5).toFixed(2)} / ${at(0.95).toFixed(2)} / ${times[times.length - 1]!.toFixed(1)} ms`, baseline: `goal ${goalMs} ms`, ratio: (at(0.95) / goalMs).toFixed(2) },
    { figure: '问数 build the catalogue (model read, pinyin of every name)', value: `${catalogueMs.toFixed(0)} ms`, baseline: 'once per user and model', ratio: '—' },
  );
  return figures;
}
