// The narrow ports the evaluator asks through: answers to metric queries and the rows behind a
// metric, each asked as a principal (the rule's owner), and the access scope of a reader. Nothing
// here reaches the warehouse: today's adapter runs on `QueryService`; the governed query core
// (issue 19) takes its place without the evaluator changing.
import type { AccessScope, MetricQuery } from '../../metrics/compile.ts';
import type { DayRange } from '../../metrics/plan/time-range.ts';
import type { Audience } from './alert-rule.ts';
import type { Cell } from './condition.ts';

/** Whom a query is asked as: a rule is evaluated with its owner's access, never more. */
export interface AlertPrincipal {
  username: string;
}

export interface RecordsQuery {
  metric: string;
  where?: string;
  timeRange: DayRange;
  /** The columns the rule reads; patient identifiers among them come back masked or are left out. */
  columns: string[];
}

export interface AlertAnswers {
  /** The query's rows as the principal may see them. */
  answer(principal: AlertPrincipal, query: MetricQuery): Promise<{ rows: Record<string, Cell>[] }>;
  /** Every row behind the metric within the range, as the principal may see them, with each column's PII tag. */
  records(principal: AlertPrincipal, query: RecordsQuery): Promise<{ rows: Record<string, Cell>[]; columns: { name: string; pii?: string }[] }>;
  /** What a reader may query: a user's, or a role's (with a department) row filters. */
  scopeOf(audience: Audience): Promise<AccessScope>;
}
