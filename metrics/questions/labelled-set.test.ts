import { beforeAll, describe, expect, it } from 'vitest';
import { readSemanticModel } from '../model/semantic-model.ts';
import { questionCatalogue, type QuestionCatalogue } from './index.ts';
import { readLabelledSet, scoreSet, type SetScore } from './labelled-set.ts';
import { hospitalVocabulary } from './testing/hospital-vocabulary.ts';

// The hospital example's catalogue, as its staff would ask it.
let catalogue: QuestionCatalogue;
beforeAll(async () => {
  catalogue = questionCatalogue(await readSemanticModel(new URL('../../examples/hospital/', import.meta.url).pathname), await hospitalVocabulary());
});

const report = (name: string, score: SetScore) => `${name}: ${score.exact}/${score.questions} exact; misses:\n${score.misses.map((m) => `  ${m.q} → ${JSON.stringify(m.outcome.kind === 'answer' ? m.outcome.query : m.outcome.kind)}`).join('\n')}`;

describe('the labelled questions', () => {
  it('hold at least 300 questions, Chinese and English, with questions outside the catalogue', async () => {
    const all = [...(await readLabelledSet('questions')).questions, ...(await readLabelledSet('held-out')).questions];
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(all.filter((q) => /^[\x20-\x7e]+$/.test(q.q)).length).toBeGreaterThanOrEqual(50);
    expect(all.filter((q) => q.refuse).length).toBeGreaterThanOrEqual(50);
    expect(new Set(all.map((q) => q.q)).size).toBe(all.length);
  });

  it('gets at least 95 % of the development set exactly, and answers nothing outside the catalogue', async () => {
    const score = scoreSet(await readLabelledSet('questions'), catalogue);
    expect(score.wronglyAnswered, report('development set', score)).toBe(0);
    expect(score.exact / score.questions, report('development set', score)).toBeGreaterThanOrEqual(0.95);
  });

  it('answers nothing outside the catalogue in the held-out set either, and stays above 90 % exact there', async () => {
    // Never tuned on: this is a floor against regressions, the bench reports the figure.
    const score = scoreSet(await readLabelledSet('held-out'), catalogue);
    expect(score.wronglyAnswered, report('held-out set', score)).toBe(0);
    expect(score.exact / score.questions, report('held-out set', score)).toBeGreaterThanOrEqual(0.9);
  });
});
