// Evaluates rules and moves their instances: asks the rule's queries as its owner through the
// answer port, judges each group (or row), runs each instance through the lifecycle, and records
// the instances, their transitions and their notifications in one transaction; then wakes the
// notifier, without waiting for it. People's actions (acknowledge, resolve) and escalation go the
// same way. A channel gets a notice only when its audience may query the notice's group.
import type { AccessScope } from '../../metrics/compile.ts';
import type { AlertChange, AlertStore, NewNotification } from '../store/alert-store.ts';
import type { AlertNotice } from '../notify/notice.ts';
import type { AlertAnswers } from './answer-port.ts';
import { departmentDimensionOf, isRecordRule, recordColumns, type AlertRule, type Responsible, type AlertsConfig, type Audience, type MetricAlertRule, type RecordAlertRule } from './alert-rule.ts';
import { mayQueryGroup, type RuleReads } from './audience.ts';
import { describeCondition, evaluateCondition, type Group, type GroupOutcome } from './condition.ts';
import {
  acknowledged, escalatedTo, evaluated, evaluationFailed, LifecycleError, newInstance, notifies, resolvedByPerson,
  type AlertInstance, type AlertTransition, type Step,
} from './lifecycle.ts';
import { evaluateRecords } from './record-condition.ts';
import { channelsAt, describeResponsible, escalationDue, quietBecause, responsibleFor } from './routing.ts';
import { metricRuleQuery } from './rule-query.ts';
import { hospitalTimeZone } from './schedule.ts';

export interface EvaluatorOptions {
  store: AlertStore;
  answers: AlertAnswers;
  /** Routes, channels, silences and mute times (the rules are passed to each call). */
  config: () => Pick<AlertsConfig, 'routes' | 'channels' | 'silences' | 'muteTimes'>;
  /** The datasets a rule's number is counted from (`readsOf(model, metric)`). */
  readsOf: (rule: AlertRule) => RuleReads;
  /** A dimension value's name (0101 → 心血管内科), when there is one. */
  nameOf?: (dimension: string, value: string) => string | undefined;
  /** Called after notifications were recorded: the dispatcher's `wake`. */
  notified?: () => void;
  clock?: () => Date;
  timeZone?: string;
}

export interface RuleEvaluation {
  ruleId: string;
  /** Each group's or row's outcome; empty when the evaluation failed. */
  outcomes: GroupOutcome[];
  transitions: AlertTransition[];
  notifications: number;
  /** Why the evaluation failed (the rule's instances are then in state error). */
  error: string | null;
}

/** A rule's own instance, for what concerns the rule as a whole (an evaluation that failed). */
const ruleKey = '*';

/** What one rule's queries answered, judged: an outcome per group or row, or why they failed. */
interface Answered {
  rule: AlertRule;
  outcomes: GroupOutcome[];
  error: string | null;
}

function byRule(instances: AlertInstance[]): Map<string, AlertInstance[]> {
  const grouped = new Map<string, AlertInstance[]>();
  for (const instance of instances) {
    const list = grouped.get(instance.ruleId);
    if (list) list.push(instance);
    else grouped.set(instance.ruleId, [instance]);
  }
  return grouped;
}

export class AlertEvaluator {
  private readonly clock: () => Date;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: EvaluatorOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The day of `now` in the hospital's time zone: what "yesterday" is counted from. */
  today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.options.timeZone ?? hospitalTimeZone }).format(this.clock());
  }

  /**
   * Evaluates each enabled rule as of `asOf` (default today in the hospital), asking four rules'
   * queries at a time, and records every change in one transaction; one rule failing does not
   * stop the others. Answers in the rules' order.
   */
  async evaluateAll(rules: AlertRule[], options: { asOf?: string; dryRun?: boolean; concurrency?: number } = {}): Promise<RuleEvaluation[]> {
    const enabled = rules.filter((r) => r.enabled !== false);
    const asOf = options.asOf ?? this.today();
    const known = byRule(await this.options.store.instances());
    const answered: Answered[] = new Array(enabled.length);
    let next = 0;
    const worker = async () => {
      while (next < enabled.length) {
        const i = next++;
        answered[i] = await this.ask(enabled[i]!, asOf, known.get(enabled[i]!.id) ?? []);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
    return this.settle(answered, options.dryRun ?? false);
  }

  /** With `dryRun`, answers what would change and records nothing. */
  async evaluate(rule: AlertRule, { asOf = this.today(), dryRun = false }: { asOf?: string; dryRun?: boolean } = {}): Promise<RuleEvaluation> {
    const answered = await this.ask(rule, asOf, await this.options.store.instances({ ruleId: rule.id }));
    return (await this.settle([answered], dryRun))[0]!;
  }

  /** A rule's queries asked and judged: an outcome per group or row, or why it failed. Nothing is written. */
  private async ask(rule: AlertRule, asOf: string, instances: AlertInstance[]): Promise<Answered> {
    try {
      return { rule, outcomes: isRecordRule(rule) ? await this.askRecords(rule, asOf, instances) : await this.askMetric(rule, asOf, instances), error: null };
    } catch (failure) {
      return { rule, outcomes: [], error: (failure as Error).message };
    }
  }

  private async askMetric(rule: MetricAlertRule, asOf: string, instances: AlertInstance[]): Promise<GroupOutcome[]> {
    const principal = { username: rule.owner };
    const [current, comparison] = await Promise.all(metricRuleQuery(rule, asOf).map((q) => this.options.answers.answer(principal, q.query)));
    const dimensioned = (rule.watch.dimensions ?? []).length > 0;
    // Groups alerted on before and missing from the answer now have no data.
    const known = instances.filter((i) => !(dimensioned && i.key === ruleKey)).map((i) => i.group);
    return evaluateCondition(rule, current!.rows, comparison?.rows ?? [], known);
  }

  private async askRecords(rule: RecordAlertRule, asOf: string, instances: AlertInstance[]): Promise<GroupOutcome[]> {
    const { records } = rule;
    const range = metricRuleQuery({ ...rule, watch: { metric: records.metric, window: records.window }, condition: { above: 0 } }, asOf)[0]!.range;
    const answer = await this.options.answers.records({ username: rule.owner }, {
      metric: records.metric, ...(records.where ? { where: records.where } : {}), timeRange: range, columns: recordColumns(records),
    });
    return evaluateRecords(records, answer.rows, answer.columns, new Set(instances.filter((i) => i.episodeOpen).map((i) => i.key)));
  }

  /**
   * Moves each rule's instances, as they are at this moment, by what its queries answered, and
   * records the changes. It runs in turn with people's actions and escalation, so an
   * acknowledgement made while the queries ran is moved on, never overwritten.
   */
  private settle(answered: Answered[], dryRun: boolean): Promise<RuleEvaluation[]> {
    return this.exclusive(async () => {
      const current = byRule(answered.length === 1
        ? await this.options.store.instances({ ruleId: answered[0]!.rule.id })
        : await this.options.store.instances());
      const at = this.clock().toISOString();
      const changes: AlertChange[] = [];
      const results: RuleEvaluation[] = [];
      for (const { rule, outcomes, error } of answered) {
        const steps = this.stepsOf(rule, outcomes, error, new Map((current.get(rule.id) ?? []).map((i) => [i.key, i])), at);
        const ruleChanges = await this.changes(rule, steps.filter((s) => s.transition !== null || s.instance.state !== 'normal'), 0);
        changes.push(...ruleChanges);
        results.push({
          ruleId: rule.id, outcomes, error,
          transitions: steps.flatMap((s) => (s.transition ? [s.transition] : [])),
          notifications: ruleChanges.reduce((n, c) => n + c.notifications.filter((x) => x.quietBecause === null).length, 0),
        });
      }
      if (!dryRun) await this.commit(changes);
      return results;
    });
  }

  private stepsOf(rule: AlertRule, outcomes: GroupOutcome[], error: string | null, existing: Map<string, AlertInstance>, at: string): Step[] {
    if (error !== null) {
      const failing = existing.size > 0 ? [...existing.values()] : [newInstance(rule.id, ruleKey, {}, at)];
      return failing.map((instance) => evaluationFailed(instance, error, at));
    }
    const options = isRecordRule(rule) ? { reopens: false } : rule.for === undefined ? {} : { for: rule.for };
    const steps = outcomes.map((o) => evaluated(existing.get(o.key) ?? newInstance(rule.id, o.key, o.group, at), o, at, options));
    // The rule's own instance, left in error by a failed evaluation, is cleared by one that works.
    const ruleWide = existing.get(ruleKey);
    if (ruleWide && ruleWide.state !== 'normal' && !outcomes.some((o) => o.key === ruleKey)) {
      steps.push(evaluated(ruleWide, { status: 'ok', value: null, threshold: isRecordRule(rule) ? { above: rule.records.late.minutes } : rule.condition }, at));
    }
    return steps;
  }

  /** Runs read-change-write work on instances one at a time. This process is the store's only writer (DuckDB locks the file). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.writing.then(work);
    this.writing = result.catch(() => undefined);
    return result;
  }

  /** Escalates every firing alert of `rules` that nobody acknowledged in time. */
  escalate(rules: AlertRule[]): Promise<AlertTransition[]> {
    return this.exclusive(() => this.escalateNow(rules));
  }

  private async escalateNow(rules: AlertRule[]): Promise<AlertTransition[]> {
    const now = this.clock();
    const routes = new Map(this.options.config().routes.map((r) => [r.name, r]));
    const changes: AlertChange[] = [];
    for (const rule of rules) {
      const route = rule.route === undefined ? undefined : routes.get(rule.route);
      if (!route?.escalation?.length) continue;
      for (const instance of await this.options.store.instances({ ruleId: rule.id, states: ['firing'] })) {
        const level = escalationDue(instance, route, now);
        if (level === null) continue;
        const target = responsibleFor(route, level, instance.group, this.departmentDimension(rule));
        const step = escalatedTo(instance, level, now.toISOString(), target ? this.responsibleLabel(target) : 'no one');
        changes.push(...await this.changes(rule, [step], level));
      }
    }
    await this.commit(changes);
    return changes.flatMap((c) => (c.transition ? [c.transition] : []));
  }

  /** Someone takes the alert on. Throws LifecycleError when its state does not allow it. */
  async acknowledge(rule: AlertRule, key: string, by: string, note: string | null = null): Promise<AlertInstance> {
    return this.act(rule, key, (instance, at) => acknowledged(instance, by, at, note));
  }

  /** Someone closes the alert with what was done (处置记录). */
  async resolve(rule: AlertRule, key: string, by: string, note: string): Promise<AlertInstance> {
    return this.act(rule, key, (instance, at) => resolvedByPerson(instance, by, at, note));
  }

  private act(rule: AlertRule, key: string, action: (instance: AlertInstance, at: string) => Step): Promise<AlertInstance> {
    return this.exclusive(async () => {
      const instance = await this.options.store.instance(rule.id, key);
      if (!instance) throw new LifecycleError(`rule ${rule.id} has no alert "${key}"`);
      const step = action(instance, this.clock().toISOString());
      await this.commit(await this.changes(rule, [step], 0));
      return step.instance;
    });
  }

  private async commit(changes: AlertChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.options.store.record(changes);
    if (changes.some((c) => c.notifications.some((n) => n.quietBecause === null))) this.options.notified?.();
  }

  /** Each step with the notifications its transition calls for, on the channels of escalation `level`. */
  private async changes(rule: AlertRule, steps: Step[], level: number): Promise<AlertChange[]> {
    const { routes, channels, silences, muteTimes } = this.options.config();
    const route = rule.route === undefined ? undefined : routes.find((r) => r.name === rule.route);
    const now = this.clock();
    // Each audience's scope read once per batch, and again for the next: policies may have changed.
    const scopes = new Map<string, Promise<AccessScope>>();
    const scopeOf = (audience: Audience) => {
      const key = JSON.stringify(audience);
      if (!scopes.has(key)) scopes.set(key, this.options.answers.scopeOf(audience));
      return scopes.get(key)!;
    };
    const changes: AlertChange[] = [];
    for (const { instance, transition } of steps) {
      const notifications: NewNotification[] = [];
      if (route && transition && notifies(transition)) {
        const quiet = quietBecause(rule.id, instance.group, now, silences, muteTimes.filter((m) => route.muteTimes?.includes(m.name)), this.options.timeZone);
        const responsible = responsibleFor(route, level, instance.group, this.departmentDimension(rule));
        const notice = this.notice(rule, instance, transition, responsible ? this.responsibleLabel(responsible) : null, level);
        for (const name of channelsAt(route, level)) {
          const channel = channels.find((c) => c.name === name);
          // A channel's readers get only what they could query themselves; otherwise nothing at all.
          if (channel && mayQueryGroup(await scopeOf(channel.audience), this.options.readsOf(rule), instance.group)) {
            notifications.push({ channel: name, notice, quietBecause: quiet });
          }
        }
      }
      changes.push({ instance, transition, notifications });
    }
    return changes;
  }

  private notice(rule: AlertRule, instance: AlertInstance, transition: AlertTransition, responsible: string | null, level: number): AlertNotice {
    return {
      ruleId: rule.id, ruleTitle: rule.title, severity: rule.severity, advice: rule.advice ?? null, key: instance.key, group: instance.group,
      groupLabel: this.groupLabel(rule, instance.group), episode: transition.episode, from: transition.from, to: transition.to,
      reason: transition.reason, at: transition.at, by: transition.by, value: transition.value,
      threshold: transition.threshold === null ? null : describeCondition(transition.threshold), note: transition.note,
      responsible, level, record: instance.record,
    };
  }

  /** 心血管内科 · 3病区 for a group; 全院 for a rule without dimensions; a record rule's row by its department and key. */
  private groupLabel(rule: AlertRule, group: Group): string {
    const named = (dimension: string, value: string | number | null) => (value === null ? '—' : this.options.nameOf?.(dimension, String(value)) ?? String(value));
    if (isRecordRule(rule)) return `${named('department', group.department ?? null)} · ${rule.records.key} ${group[rule.records.key] ?? '—'}`;
    const entries = Object.entries(group);
    return entries.length === 0 ? '全院' : entries.map(([d, v]) => named(d, v)).join(' · ');
  }

  private responsibleLabel(responsible: Responsible): string {
    return 'department' in responsible ? this.options.nameOf?.('department', responsible.department) ?? responsible.department : describeResponsible(responsible);
  }

  private departmentDimension(rule: AlertRule): string | null {
    return isRecordRule(rule) ? 'department' : departmentDimensionOf(rule);
  }
}

