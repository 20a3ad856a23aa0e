import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileQuery } from '../compile.ts';
import { readSemanticModel } from '../model/semantic-model.ts';
import { openClinic, type Clinic } from '../plan/testing/clinic.ts';
import { parseQuestion, questionCatalogue, type QuestionCatalogue, type QuestionOutcome } from './index.ts';
import { hospitalVocabulary } from './testing/hospital-vocabulary.ts';

const asOf = '2025-06-18';
let hospital: QuestionCatalogue;
beforeAll(async () => {
  hospital = questionCatalogue(await readSemanticModel(new URL('../../examples/hospital/', import.meta.url).pathname), await hospitalVocabulary());
});
const ask = (question: string, catalogue = hospital) => parseQuestion(question, catalogue, { asOf });
const answer = (outcome: QuestionOutcome) => {
  if (outcome.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(outcome)}`);
  return outcome;
};

describe('parseQuestion', () => {
  it('shows each part of the query as a chip with the words it came from', () => {
    const question = '上个月心内科的平均住院日是多少';
    const { query, chips } = answer(ask(question));
    expect(query).toEqual({ metrics: ['alos'], where: "department = '0101'", timeRange: { relative: 'last_month' }, asOf });
    expect(chips.map((c) => [c.part, c.words, question.slice(...c.span!)])).toEqual([
      ['time', '上个月', '上个月'], ['filter', '心内科', '心内科'], ['metric', '平均住院日', '平均住院日'],
    ]);
    expect(chips[0]!.label.zh).toBe('上个月（2025-05-01 – 2025-05-31）');
    expect(chips[1]).toMatchObject({ part: 'filter', dimension: 'department', values: ['0101'], label: { zh: '科室：心血管内科' } });
  });

  it('marks what it assumed', () => {
    const { chips } = answer(ask('出院人数同比'));
    expect(chips.find((c) => c.part === 'time')).toMatchObject({ assumed: true, words: '', span: null, range: { relative: 'last_month' } });
  });

  it('keeps the original spelling in chips of folded text', () => {
    const { chips, query } = answer(ask('ＩＣＵ本月床位使用率'));
    expect(query.where).toBe("department = '1001'");
    expect(chips[0]).toMatchObject({ part: 'filter', words: 'ＩＣＵ' });
  });

  it('asks which metric a word means, each choice a query ready to run', () => {
    const outcome = ask('上个月各科室的取消率');
    expect(outcome.kind).toBe('ambiguous');
    if (outcome.kind !== 'ambiguous') return;
    expect(outcome.words).toBe('取消率');
    expect(outcome.choices.map((c) => [c.label.zh, c.query])).toEqual([
      ['入室后手术取消率', { metrics: ['in_room_cancellation_rate'], dimensions: ['department'], timeRange: { relative: 'last_month' }, asOf }],
      ['手术取消率', { metrics: ['surgery_cancellation_rate'], dimensions: ['department'], timeRange: { relative: 'last_month' }, asOf }],
    ]);
  });

  it('asks among what a ranking without a group ranks', () => {
    const outcome = ask('出院人数前5');
    expect(outcome.kind).toBe('ambiguous');
    if (outcome.kind !== 'ambiguous') return;
    expect(outcome.choices[0]!.query).toEqual({ metrics: ['discharges'], dimensions: ['department'], asOf, order: [{ by: 'discharges', desc: true }], limit: 5 });
    expect(outcome.choices[0]!.chips.find((c) => c.part === 'dimension')).toMatchObject({ assumed: true, words: '', span: null });
  });

  it('takes a name two dimensions share as the value of the one the metric has', () => {
    // 死亡 is a discharge status and an emergency disposition; discharges know only the first.
    expect(answer(ask('今年死亡的出院人数')).query.where).toBe("discharge_status = '死亡'");
  });

  it('suggests what an unknown word may mean, with the question rewritten', () => {
    const outcome = ask('上个月的出院人树');
    expect(outcome).toMatchObject({ kind: 'did_you_mean', words: '出院人树', suggestions: [{ target: { kind: 'metric', metric: 'discharges' }, question: '上个月的出院人数', label: { zh: '出院人数' } }] });
  });

  it('refuses what the catalogue cannot answer, naming the words and what it can answer', () => {
    const outcome = ask('上个月心内科的出院患者平均费用');
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.reason.zh).toContain('「平均费用」');
    expect(outcome.canAnswer.map((m) => m.metric)).toContain('discharges');
    expect(ask('医生人数').kind).toBe('refused');
    expect(ask('x'.repeat(201)).kind).toBe('refused');
  });

  it('refuses a breakdown or filter the metric does not have, saying which it has', () => {
    const outcome = ask('心内科的药品缺货率');
    expect(outcome).toMatchObject({ kind: 'refused', reason: { zh: '药品缺货率不能按科室筛选：它可以按药房分析。' } });
    expect(ask('门诊人次按性别')).toMatchObject({ kind: 'refused', reason: { en: 'Clinic visits cannot be split by Gender; it can be split by Department, Visit type.' } });
  });

  it("knows only the departments in the asker's vocabulary", async () => {
    const model = await readSemanticModel(new URL('../../examples/hospital/', import.meta.url).pathname);
    const cardiologyOnly = questionCatalogue(model, [{ dimension: 'department', values: [{ value: '0101', names: ['心血管内科', '心内科'] }] }]);
    expect(answer(ask('心内科上个月出院人数', cardiologyOnly)).query.where).toBe("department = '0101'");
    expect(ask('呼吸科上个月出院人数', cardiologyOnly).kind).not.toBe('answer');
  });

  it('never puts a value into the filter unquoted', async () => {
    const model = await readSemanticModel(new URL('../../examples/hospital/', import.meta.url).pathname);
    const hostile = questionCatalogue(model, [{ dimension: 'department', values: [{ value: "0101' or 1=1 --", names: ['奇怪科'] }] }]);
    const { query } = answer(ask('奇怪科出院人数', hostile));
    expect(query.where).toBe("department = '0101'' or 1=1 --'");
    expect(compileQuery(model, query).sql.params).toContain("0101' or 1=1 --");
  });
});

describe('a question answered on real data', () => {
  let clinic: Clinic;
  let catalogue: QuestionCatalogue;
  beforeAll(async () => {
    clinic = await openClinic();
    catalogue = questionCatalogue(clinic.model, [{ dimension: 'department', values: [{ value: 'A01', names: ['内科'] }, { value: 'B02', names: ['外科'] }] }]);
  });
  afterAll(() => clinic.close());

  it('gives the numbers hand-written SQL gives for the question', async () => {
    const { query } = answer(parseQuestion('2025年2月各科室的discharges', catalogue, { asOf: '2025-03-10' }));
    const rows = await clinic.rows(compileQuery(clinic.model, query).sql);
    const hand = await clinic.rows(`SELECT dept_code AS department, count(*) AS discharges FROM stays
      WHERE discharged_at >= DATE '2025-02-01' AND discharged_at < DATE '2025-03-01' GROUP BY 1 ORDER BY 1 NULLS LAST`);
    expect(rows).toEqual(hand);
    expect(hand).toEqual([{ department: 'A01', discharges: 3 }, { department: 'B02', discharges: 1 }, { department: null, discharges: 1 }]);
  });

  it('compares with last year as 同比 asks', async () => {
    const { query } = answer(parseQuestion('内科上个月discharges同比', catalogue, { asOf: '2025-03-10' }));
    const [row] = await clinic.rows(compileQuery(clinic.model, query).sql);
    const [hand] = await clinic.rows(`SELECT count(*) FILTER (WHERE discharged_at >= DATE '2025-02-01' AND discharged_at < DATE '2025-03-01') AS now,
      count(*) FILTER (WHERE discharged_at >= DATE '2024-02-01' AND discharged_at < DATE '2024-03-01') AS before FROM stays WHERE dept_code = 'A01'`);
    expect(row).toMatchObject({ discharges: hand!.now, discharges__yoy: hand!.before });
    expect(hand).toEqual({ now: 3, before: 2 });
  });
});
