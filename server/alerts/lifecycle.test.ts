// The alert lifecycle as a pure state machine: "for" N evaluations, firing, acknowledging,
// resolving by itself or by a person, a new episode on a re-fire, no data and errors, record rules
// that never reopen, and transitions that keep who, when, the value and the threshold.
import { describe, expect, it } from 'vitest';
import { acknowledged, escalatedTo, evaluated, evaluationFailed, LifecycleError, newInstance, notifies, resolvedByPerson, type AlertInstance, type AlertTransition, type EvaluationOutcome } from './lifecycle.ts';

const breach = (value: number): EvaluationOutcome => ({ status: 'breaching', value, threshold: { above: 1 } });
const ok = (value: number): EvaluationOutcome => ({ status: 'ok', value, threshold: { above: 1 } });
const noData: EvaluationOutcome = { status: 'no_data', value: null, threshold: { above: 1 } };
const at = (day: number) => `2025-03-${String(day).padStart(2, '0')}T00:00:00.000Z`;

/** Runs outcomes through the machine; answers the instance and every transition made. */
function run(outcomes: EvaluationOutcome[], options: { for?: number; reopens?: boolean } = {}, start?: AlertInstance) {
  let instance = start ?? newInstance('ward-occupancy', 'department=0101', { department: '0101' }, at(1));
  const transitions: AlertTransition[] = [];
  outcomes.forEach((outcome, i) => {
    const step = evaluated(instance, outcome, at(i + 2), options);
    instance = step.instance;
    if (step.transition) transitions.push(step.transition);
  });
  return { instance, transitions };
}

describe('the alert lifecycle', () => {
  it('fires only after "for" consecutive breaches, and a clear in between starts the count again', () => {
    const { instance, transitions } = run([breach(1.1), ok(0.9), breach(1.2), breach(1.3), breach(1.4)], { for: 3 });
    expect(transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['normal→pending', 'pending→normal', 'normal→pending', 'pending→firing']);
    expect(instance).toMatchObject({ state: 'firing', episode: 2, firedAt: at(6), breaches: 3, value: 1.4 });
    expect(transitions.at(-1)).toEqual({
      ruleId: 'ward-occupancy', key: 'department=0101', episode: 2, at: at(6), from: 'pending', to: 'firing', by: 'system', reason: 'fired',
      value: 1.4, threshold: { above: 1 }, note: null,
    });
  });

  it('is acknowledged by a person, resolves by itself when the condition clears, and a re-fire is a new episode', () => {
    const fired = run([breach(1.1)]).instance;
    expect(fired.state).toBe('firing');
    const taken = acknowledged(fired, 'xinnei', at(3), '已通知护士长调配床位');
    expect(taken.transition).toMatchObject({ from: 'firing', to: 'acknowledged', by: 'xinnei', reason: 'acknowledged', value: 1.1, note: '已通知护士长调配床位' });
    const { instance, transitions } = run([breach(1.05), ok(0.95), ok(0.9), breach(1.2)], {}, taken.instance);
    expect(transitions.map((t) => [t.from, t.to, t.reason, t.episode])).toEqual([
      ['acknowledged', 'resolved', 'resolved_by_condition', 1],
      ['resolved', 'firing', 'fired', 2],
    ]);
    expect(instance).toMatchObject({ state: 'firing', acknowledgedBy: null, episode: 2 });
  });

  it('is resolved by a person with a 处置记录; a breach after it is the next episode', () => {
    const fired = run([breach(1.1)]).instance;
    expect(() => resolvedByPerson(fired, 'xinnei', at(3), '  ')).toThrow(LifecycleError);
    const closed = resolvedByPerson(fired, 'xinnei', at(3), '加床已撤，转出 3 人');
    expect(closed.transition).toMatchObject({ from: 'firing', to: 'resolved', by: 'xinnei', reason: 'resolved_by_person', note: '加床已撤，转出 3 人' });
    expect(() => resolvedByPerson(closed.instance, 'xinnei', at(3), 'again')).toThrow(/only an open alert/);
    expect(() => acknowledged(closed.instance, 'xinnei', at(3))).toThrow(/only a firing alert can be acknowledged; this one is resolved/);
    expect(run([breach(1.3)], {}, closed.instance).instance).toMatchObject({ state: 'firing', episode: 2 });
  });

  it('a record rule\'s row, once resolved, never alerts again', () => {
    const fired = run([breach(25)], { reopens: false }).instance;
    const closed = resolvedByPerson(fired, 'xinnei', at(3), '已电话补报').instance;
    expect(run([breach(25)], { reopens: false }, closed)).toMatchObject({ instance: { state: 'resolved', episode: 1 }, transitions: [] });
  });

  it('goes to no data and back where it was, and to error with the reason', () => {
    const taken = acknowledged(run([breach(1.1)]).instance, 'xinnei', at(3)).instance;
    const { instance, transitions } = run([noData, noData, breach(1.2), noData, ok(0.9)], {}, taken);
    expect(transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['acknowledged→no_data', 'no_data→acknowledged', 'acknowledged→no_data', 'no_data→resolved']);
    expect(instance.state).toBe('resolved');
    const failed = evaluationFailed(run([breach(1.1)]).instance, 'the warehouse is being loaded', at(4));
    expect(failed.transition).toMatchObject({ from: 'firing', to: 'error', reason: 'error', note: 'the warehouse is being loaded' });
    expect(evaluationFailed(failed.instance, 'again', at(5)).transition).toBeNull();
    expect(evaluated(failed.instance, breach(1.1), at(6)).transition).toMatchObject({ from: 'error', to: 'firing', episode: 1 });
    // A group that never breached and loses its data clears without a word.
    const quiet = run([ok(0.5), noData, ok(0.5)]);
    expect(quiet.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['normal→no_data', 'no_data→normal']);
    expect(quiet.transitions.some(notifies)).toBe(false);
  });

  it('tells people of firing, acknowledgement, resolution, escalation and errors, not of pending', () => {
    const pending = run([breach(1.1)], { for: 2 });
    expect(pending.transitions.map(notifies)).toEqual([false]);
    const fired = run([breach(1.1)]);
    expect(fired.transitions.map(notifies)).toEqual([true]);
    const escalated = escalatedTo(fired.instance, 1, at(3), 'governance');
    expect(escalated.transition).toMatchObject({ from: 'firing', to: 'firing', reason: 'escalated', note: 'step 1: governance' });
    expect(escalated.instance.escalated).toBe(1);
    expect(notifies(escalated.transition!)).toBe(true);
  });
});
