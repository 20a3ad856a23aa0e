// Evaluates rules and moves their instances: asks the rule's queries as its owner through the
// answer port, judges each group (or row), runs each instance through the lifecycle, and records
// the instances, their transitions and their notifications in one transaction; then wakes the
// notifier, without waiting for it. People's actions (acknowledge, resolve) and escalation go the
// same way. A channel gets a notice only when its audience may query the notice's group.
import type { AccessScope } from '../../metrics/compile.ts';
import type { AlertChange, AlertStore, NewNotification } from '../store/alert-store.ts';
import type { AlertNotice } from '../notify/notice.ts';
import type { AlertAnswers } from './answer-port.ts';
import { isRecordRule, type AlertRule, type Responsible, type AlertsConfig, type Audience, type MetricAlertRule, type RecordAlertRule } from './alert-rule.ts';
import { mayQueryGroup, type RuleReads } from './audience.ts';
import { describeCondition, evaluateCondition, type Group, type GroupOutcome } from './condition.ts';
import {
  acknowledged, escalatedTo, evaluated, evaluationFailed, LifecycleError, newInstance, notifies, resolvedByPerson,
  type AlertInstance, type AlertTransition, type Step,
} from './lifecycle.ts';
import { departmentDimensionOf, recordColumns } from './project-alerts.ts';
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

export class AlertEvaluator {
  private readonly clock: () => Date;

  constructor(private readonly options: EvaluatorOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The day of `now` in the hospital's time zone: what "yesterday" is counted from. */
  today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.options.timeZone ?? hospitalTimeZone }).format(this.clock());
  }

  /**
   * Evaluates each enabled rule as of `asOf` (default today in the hospital), a few at a time so
   * one rule's queries run while another's are judged, and records every change in one
   * transaction; one rule failing does not stop the others. Answers in the rules' order.
   */
  async evaluateAll(rules: AlertRule[], options: { asOf?: string; dryRun?: boolean; concurrency?: number } = {}): Promise<RuleEvaluation[]> {
    const enabled = rules.filter((r) => r.enabled !== false);
    const existing = new Map<string, AlertInstance[]>();
    for (const instance of await this.options.store.instances()) existing.set(instance.ruleId, [...(existing.get(instance.ruleId) ?? []), instance]);
    const judged: { evaluation: RuleEvaluation; changes: AlertChange[] }[] = new Array(enabled.length);
    let next = 0;
    const worker = async () => {
      while (next < enabled.length) {
        const i = next++;
        judged[i] = await this.judge(enabled[i]!, options.asOf ?? this.today(), existing.get(enabled[i]!.id) ?? []);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
    if (!options.dryRun) await this.commit(judged.flatMap((j) => j.changes));
    return judged.map((j) => j.evaluation);
  }

  /** With `dryRun`, answers what would change and records nothing. */
  async evaluate(rule: AlertRule, { asOf = this.today(), dryRun = false }: { asOf?: string; dryRun?: boolean } = {}): Promise<RuleEvaluation> {
    const { evaluation, changes } = await this.judge(rule, asOf, await this.options.store.instances({ ruleId: rule.id }));
    if (!dryRun) await this.commit(changes);
    return evaluation;
  }

  /** One rule's evaluation against its instances as they are, and the changes to record. */
  private async judge(rule: AlertRule, asOf: string, instances: AlertInstance[]): Promise<{ evaluation: RuleEvaluation; changes: AlertChange[] }> {
    const at = this.clock().toISOString();
    const existing = new Map(instances.map((i) => [i.key, i]));
    let outcomes: GroupOutcome[];
    let steps: Step[];
    let error: string | null = null;
    try {
      ({ outcomes, steps } = isRecordRule(rule) ? await this.recordSteps(rule, asOf, existing, at) : await this.metricSteps(rule, asOf, existing, at));
    } catch (failure) {
      error = (failure as Error).message;
      outcomes = [];
      const failing = existing.size > 0 ? [...existing.values()] : [newInstance(rule.id, ruleKey, {}, at)];
      steps = failing.map((instance) => evaluationFailed(instance, error!, at));
    }
    const changes = await this.changes(rule, steps.filter((s) => s.transition !== null || s.instance.state !== 'normal'), 0);
    return {
      changes,
      evaluation: {
        ruleId: rule.id, outcomes, error,
        transitions: steps.flatMap((s) => (s.transition ? [s.transition] : [])),
        notifications: changes.reduce((n, c) => n + c.notifications.filter((x) => x.quietBecause === null).length, 0),
      },
    };
  }

  private async metricSteps(rule: MetricAlertRule, asOf: string, existing: Map<string, AlertInstance>, at: string) {
    const principal = { username: rule.owner };
    const [current, comparison] = await Promise.all(metricRuleQuery(rule, asOf).map((q) => this.options.answers.answer(principal, q.query)));
    const dimensioned = (rule.watch.dimensions ?? []).length > 0;
    const known = [...existing.values()].filter((i) => !(dimensioned && i.key === ruleKey)).map((i) => i.group);
    const outcomes = evaluateCondition(rule, current!.rows, comparison?.rows ?? [], known);
    const steps = outcomes.map((o) => evaluated(existing.get(o.key) ?? newInstance(rule.id, o.key, o.group, at), o, at, rule.for === undefined ? {} : { for: rule.for }));
    // The rule's own instance, left in error by a failed evaluation, is cleared by one that works.
    const ruleWide = existing.get(ruleKey);
    if (dimensioned && ruleWide && ruleWide.state !== 'normal') steps.push(evaluated(ruleWide, { status: 'ok', value: null, threshold: rule.condition }, at));
    return { outcomes, steps };
  }

  private async recordSteps(rule: RecordAlertRule, asOf: string, existing: Map<string, AlertInstance>, at: string) {
    const { records } = rule;
    const range = metricRuleQuery({ ...rule, watch: { metric: records.metric, window: records.window }, condition: { above: 0 } }, asOf)[0]!.range;
    const answer = await this.options.answers.records({ username: rule.owner }, {
      metric: records.metric, ...(records.where ? { where: records.where } : {}), timeRange: range, columns: recordColumns(records),
    });
    const alerting = new Set([...existing.values()].filter((i) => i.episodeOpen).map((i) => i.key));
    const outcomes = evaluateRecords(records, answer.rows, answer.columns, alerting);
    const steps = outcomes.map((o) => evaluated(existing.get(o.key) ?? newInstance(rule.id, o.key, o.group, at), o, at, { reopens: false }));
    const ruleWide = existing.get(ruleKey);
    if (ruleWide && ruleWide.state !== 'normal') steps.push(evaluated(ruleWide, { status: 'ok', value: null, threshold: { above: records.late.minutes } }, at));
    return { outcomes, steps };
  }

  /** Escalates every firing alert of `rules` that nobody acknowledged in time. */
  async escalate(rules: AlertRule[]): Promise<AlertTransition[]> {
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

  private async act(rule: AlertRule, key: string, action: (instance: AlertInstance, at: string) => Step): Promise<AlertInstance> {
    const instance = await this.options.store.instance(rule.id, key);
    if (!instance) throw new LifecycleError(`rule ${rule.id} has no alert "${key}"`);
    const step = action(instance, this.clock().toISOString());
    await this.commit(await this.changes(rule, [step], 0));
    return step.instance;
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

