// The life of one alert instance (a rule's group, or a record rule's row) as a pure state machine:
//
//   normal → pending → firing → acknowledged → resolved, plus no_data and error
//
// An evaluation moves it by its outcome; a person acknowledges or resolves it (with a 处置记录).
// Every move is a transition that keeps who, when, the value and the threshold. An episode is one
// run from first breach to resolution: a breach after it was resolved starts the next episode.
// Unlike Grafana's model, a firing alert can be acknowledged: someone has taken it on, so
// escalation stops, but it stays open until the condition clears or a person resolves it.
import type { AlertCondition } from './alert-rule.ts';
import type { Cell, Group, OutcomeStatus } from './condition.ts';

export type AlertState = 'normal' | 'pending' | 'firing' | 'acknowledged' | 'resolved' | 'no_data' | 'error';
export const alertStates: readonly AlertState[] = ['normal', 'pending', 'firing', 'acknowledged', 'resolved', 'no_data', 'error'];

/** Whose move it was: a person's username, or the evaluator's. */
export const systemActor = 'system';

export type TransitionReason =
  | 'breached' | 'fired' | 'cleared' | 'resolved_by_condition' | 'resolved_by_person'
  | 'acknowledged' | 'no_data' | 'error' | 'escalated';

export interface AlertInstance {
  ruleId: string;
  key: string;
  group: Group;
  state: AlertState;
  /** 1, 2, 3 … per breach run; 0 before the first. */
  episode: number;
  /** Pending, firing or acknowledged, or in no_data or error within such a run. */
  episodeOpen: boolean;
  /** Consecutive breaching evaluations. */
  breaches: number;
  value: number | null;
  threshold: AlertCondition | null;
  /** When it entered its state. */
  since: string;
  /** When this episode fired; escalation counts from it. */
  firedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  /** Escalation steps already notified in this episode. */
  escalated: number;
  lastEvaluatedAt: string | null;
  error: string | null;
  /** A record rule's row as shown (no patient identifier). */
  record: Record<string, Cell> | null;
}

export interface AlertTransition {
  ruleId: string;
  key: string;
  episode: number;
  at: string;
  from: AlertState;
  to: AlertState;
  by: string;
  reason: TransitionReason;
  value: number | null;
  threshold: AlertCondition | null;
  /** 处置记录 or acknowledgement note; the error for `error`. */
  note: string | null;
}

/** What a move did: the instance after it, and the transition when its state changed (or an escalation). */
export interface Step {
  instance: AlertInstance;
  transition: AlertTransition | null;
}

/** A person's action the instance's state does not allow, with what is allowed. */
export class LifecycleError extends Error {}

export function newInstance(ruleId: string, key: string, group: Group, at: string): AlertInstance {
  return {
    ruleId, key, group, state: 'normal', episode: 0, episodeOpen: false, breaches: 0, value: null, threshold: null, since: at,
    firedAt: null, acknowledgedBy: null, acknowledgedAt: null, escalated: 0, lastEvaluatedAt: null, error: null, record: null,
  };
}

function move(before: AlertInstance, after: AlertInstance, to: AlertState, reason: TransitionReason, at: string, by = systemActor, note: string | null = null): Step {
  const instance = { ...after, state: to, since: at };
  return {
    instance,
    transition: {
      ruleId: instance.ruleId, key: instance.key, episode: instance.episode, at, from: before.state, to, by, reason,
      value: instance.value, threshold: instance.threshold, note,
    },
  };
}

export interface EvaluationOutcome {
  status: OutcomeStatus;
  value: number | null;
  threshold: AlertCondition;
  record?: Record<string, Cell>;
}

export interface EvaluationOptions {
  /** Consecutive breaches before firing (the rule's `for`, default 1). */
  for?: number;
  /** False for a record rule: a resolved row never alerts again. */
  reopens?: boolean;
}

/** Moves the instance by one evaluation's outcome for its group. */
export function evaluated(instance: AlertInstance, outcome: EvaluationOutcome, at: string, options: EvaluationOptions = {}): Step {
  const needed = Math.max(1, options.for ?? 1);
  const base: AlertInstance = {
    ...instance, value: outcome.value, threshold: outcome.threshold, lastEvaluatedAt: at, error: null,
    ...(outcome.record ? { record: outcome.record } : {}),
  };
  const s = instance.state;
  const unchanged = { instance: base, transition: null };

  if (outcome.status === 'no_data') {
    const next = { ...base, breaches: 0 };
    return s === 'no_data' ? { instance: next, transition: null } : move(instance, next, 'no_data', 'no_data', at);
  }

  if (outcome.status === 'ok') {
    const next = { ...base, breaches: 0 };
    if (s === 'normal' || s === 'resolved') return { instance: next, transition: null };
    if (s === 'pending' || (!instance.episodeOpen) || instance.firedAt === null) return move(instance, { ...next, episodeOpen: false }, 'normal', 'cleared', at);
    return move(instance, { ...next, episodeOpen: false }, 'resolved', 'resolved_by_condition', at);
  }

  // Breaching.
  const breaches = instance.breaches + 1;
  if (s === 'firing' || s === 'acknowledged') return { instance: { ...base, breaches }, transition: null };
  if (s === 'pending') {
    return breaches >= needed ? move(instance, { ...base, breaches, firedAt: at }, 'firing', 'fired', at) : { instance: { ...base, breaches }, transition: null };
  }
  if (instance.episodeOpen) {
    // Back from no data or an error within an episode: where it was, without counting again.
    if (instance.firedAt !== null) return move(instance, { ...base, breaches }, instance.acknowledgedBy ? 'acknowledged' : 'firing', 'breached', at);
    return breaches >= needed ? move(instance, { ...base, breaches, firedAt: at }, 'firing', 'fired', at) : move(instance, { ...base, breaches }, 'pending', 'breached', at);
  }
  if (s === 'resolved' && options.reopens === false) return unchanged;
  const opened: AlertInstance = {
    ...base, breaches, episode: instance.episode + 1, episodeOpen: true, firedAt: null, acknowledgedBy: null, acknowledgedAt: null, escalated: 0,
  };
  return breaches >= needed ? move(instance, { ...opened, firedAt: at }, 'firing', 'fired', at) : move(instance, opened, 'pending', 'breached', at);
}

/** The evaluation failed (the query was refused or the warehouse failed): state error, with why. */
export function evaluationFailed(instance: AlertInstance, message: string, at: string): Step {
  const next = { ...instance, lastEvaluatedAt: at, error: message, breaches: 0 };
  return instance.state === 'error' ? { instance: next, transition: null } : move(instance, next, 'error', 'error', at, systemActor, message);
}

/** Someone takes the alert on: escalation stops; it stays open. */
export function acknowledged(instance: AlertInstance, by: string, at: string, note: string | null = null): Step {
  if (instance.state !== 'firing') {
    throw new LifecycleError(`only a firing alert can be acknowledged; this one is ${instance.state}${instance.acknowledgedBy ? ` (acknowledged by ${instance.acknowledgedBy})` : ''}`);
  }
  return move(instance, { ...instance, acknowledgedBy: by, acknowledgedAt: at }, 'acknowledged', 'acknowledged', at, by, note);
}

/** A person closes the episode with what was done (处置记录). */
export function resolvedByPerson(instance: AlertInstance, by: string, at: string, note: string): Step {
  if (note.trim() === '') throw new LifecycleError('say what was done (处置记录) to resolve an alert');
  if (!instance.episodeOpen) throw new LifecycleError(`only an open alert can be resolved; this one is ${instance.state}`);
  return move(instance, { ...instance, episodeOpen: false, breaches: 0 }, 'resolved', 'resolved_by_person', at, by, note);
}

/** Escalation step `level` (1, 2 …) was notified: kept in the timeline; the state does not change. */
export function escalatedTo(instance: AlertInstance, level: number, at: string, to: string): Step {
  const next = { ...instance, escalated: level };
  return {
    instance: next,
    transition: {
      ruleId: next.ruleId, key: next.key, episode: next.episode, at, from: next.state, to: next.state, by: systemActor,
      reason: 'escalated', value: next.value, threshold: next.threshold, note: `step ${level}: ${to}`,
    },
  };
}

/** Transitions that are worth telling people about; pending and its clearing are not. */
export function notifies(transition: AlertTransition): boolean {
  switch (transition.reason) {
    case 'fired': case 'acknowledged': case 'resolved_by_condition': case 'resolved_by_person': case 'escalated': case 'error':
      return true;
    case 'breached':
      return transition.to === 'firing' || transition.to === 'acknowledged';
    case 'no_data':
      return transition.from === 'firing' || transition.from === 'acknowledged';
    case 'cleared':
      return false;
  }
}
