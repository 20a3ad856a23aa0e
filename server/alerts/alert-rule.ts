// What an alert rule is, as plain data: the same shape in an alerts/*.yaml file, in the store and
// in the API. A metric rule watches a governed metric per group (科室, 病区 …); a record rule
// watches the rows behind a metric one by one (a critical lab value notified late).
import type { RelativeRange } from '../../metrics/plan/time-range.ts';

/** 提示 / 警告 / 严重. */
export type Severity = 'info' | 'warning' | 'critical';
export const severities: readonly Severity[] = ['info', 'warning', 'critical'];
export const severityLabels: Record<Severity, { zh: string; en: string }> = {
  info: { zh: '提示', en: 'Info' },
  warning: { zh: '警告', en: 'Warning' },
  critical: { zh: '严重', en: 'Critical' },
};

/** The days a rule's number is counted over, relative to the evaluation's as-of day (the compiler's ranges). */
export type AlertWindow = RelativeRange;

/**
 * When a group breaches. Thresholds are in the metric's own unit as the query answers it (a
 * percent-format metric answers 1.02 for 102 %). `change` compares the window with the one just
 * before it (previous_period, 环比) or the same days a year earlier (yoy, 同比), in percent.
 */
export type AlertCondition =
  | { above: number }
  | { below: number }
  | { outside: [number, number] }
  | { change: { vs: 'previous_period' | 'yoy'; percent: number; direction: 'up' | 'down' | 'either' } }
  | { noData: true };

/** A threshold for the groups whose dimension values are all as given (e.g. 急诊科 may run fuller). */
export interface ConditionOverride {
  group: Record<string, string>;
  condition: AlertCondition;
}

/** Who answers for an alert: a department (`group`: the alerting group's own department), a role, or a user. */
export type Responsible = { department: string } | { role: 'admin' | 'governance' | 'analyst' | 'viewer' } | { user: string };
/** `{ department: group }`: the department of the group that alerts. */
export const ownDepartment = 'group';

export interface EscalationStep {
  /** Minutes after the alert fired, while no one has acknowledged it. */
  afterMinutes: number;
  responsible: Responsible;
  channels: string[];
}

export interface AlertRoute {
  name: string;
  /** Default: the group's own department (`{ department: group }`). */
  responsible?: Responsible;
  channels: string[];
  escalation?: EscalationStep[];
  /** Names of mute times during which this route's notifications stay quiet. */
  muteTimes?: string[];
}

export interface MetricWatch {
  /** A governed metric, or `name@N` to pin version N. */
  metric: string;
  dimensions?: string[];
  where?: string;
  window: AlertWindow;
}

/**
 * The rows behind a metric (its drill-through), each its own alert: late when `late.to` is more
 * than `late.minutes` after `late.from` or missing, handled once `handled` has a value.
 */
export interface RecordWatch {
  metric: string;
  where?: string;
  window: AlertWindow;
  /** The column identifying a row; never a patient identifier. */
  key: string;
  late: { from: string; to: string; minutes: number };
  handled?: string;
  /** The column holding the row's department, where the alert is routed. */
  department: string;
  /** Columns shown with the alert; patient identifiers among them are left out. */
  show?: string[];
}

interface RuleCommon {
  id: string;
  title: string;
  /** Evaluated with this user's access (rules never see more than their owner). */
  owner: string;
  severity: Severity;
  /** 处置建议. */
  advice?: string;
  /** A route's name (routes are shared by rules); without one the rule only shows in the app. */
  route?: string;
  /** Cron expressions in the hospital's time zone. */
  schedule?: string[];
  /** Evaluate after each published load (default true). */
  afterLoad?: boolean;
  enabled?: boolean;
}

export interface MetricAlertRule extends RuleCommon {
  watch: MetricWatch;
  condition: AlertCondition;
  overrides?: ConditionOverride[];
  /** Consecutive breaching evaluations before it fires (default 1: at once). */
  for?: number;
  /** The dimension naming a group's department, for routing (default `department` when grouped by it). */
  departmentDimension?: string;
}

export interface RecordAlertRule extends RuleCommon {
  records: RecordWatch;
}

/** A rule is a record rule when it watches `records`, else a metric rule watching `watch`. */
export type AlertRule = MetricAlertRule | RecordAlertRule;

export const isRecordRule = (rule: AlertRule): rule is RecordAlertRule => 'records' in rule;

/** The columns a record rule reads, each once: its key, times, handled mark, department and shown columns. */
export function recordColumns(records: RecordWatch): string[] {
  return [...new Set([records.key, records.late.from, records.late.to, ...(records.handled ? [records.handled] : []), records.department, ...(records.show ?? [])])];
}

/** The dimension naming a metric rule's groups' departments, or null when it has none. */
export function departmentDimensionOf(rule: MetricAlertRule): string | null {
  if (rule.departmentDimension !== undefined) return rule.departmentDimension;
  return (rule.watch.dimensions ?? []).includes('department') ? 'department' : null;
}

/** A recurring time when notifications stay quiet (e.g. nights), in the hospital's time zone. */
export interface MuteTime {
  name: string;
  /** Days of the week, mon … sun; all days when absent. */
  days?: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
  /** HH:MM; a window past midnight (22:00 → 07:00) runs into the next day. */
  from: string;
  to: string;
}

/** A one-off quiet window: notifications of the rules (all when absent) and groups it names stay quiet. */
export interface Silence {
  from: string;
  to: string;
  rules?: string[];
  group?: Record<string, string>;
  reason: string;
}

/** Channels hold secrets only as environment variable names; the values are read when sending. */
export type ChannelConfig =
  | { name: string; kind: 'wecom'; urlEnv: string; audience: Audience }
  | { name: string; kind: 'dingtalk'; urlEnv: string; secretEnv: string; audience: Audience }
  | { name: string; kind: 'webhook'; urlEnv: string; secretEnv: string; audience: Audience }
  | { name: string; kind: 'email'; smtpUrlEnv: string; from: string; to: string[]; audience: Audience };

/**
 * Whose access a channel's readers have: a user's, or a role's (with a department for department
 * roles). A message carries only the groups this audience may query.
 */
export type Audience = { user: string } | { role: 'admin' | 'governance' | 'analyst' | 'viewer'; department?: string };

/** Everything the alerts/*.yaml files of a project define. */
export interface AlertsConfig {
  rules: AlertRule[];
  routes: AlertRoute[];
  channels: ChannelConfig[];
  silences: Silence[];
  muteTimes: MuteTime[];
}

/** The group a rule's dimension values name, as one stable key: `department=0101|ward=W3`. */
export function groupKey(group: Record<string, string | number | null>): string {
  const names = Object.keys(group).sort();
  return names.length === 0 ? '*' : names.map((n) => `${n}=${group[n] ?? ''}`).join('|');
}
