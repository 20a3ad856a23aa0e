// What one notification says about one alert's change, as plain data: the outbox keeps it, every
// channel renders it, and an in-app payload can carry it as is. It holds the group's dimension
// values and names, never a patient identifier (record rules leave those out before this point).
import type { Severity } from '../alerts/alert-rule.ts';
import type { Cell, Group } from '../alerts/condition.ts';
import type { AlertState, TransitionReason } from '../alerts/lifecycle.ts';

export interface AlertNotice {
  ruleId: string;
  ruleTitle: string;
  severity: Severity;
  /** 处置建议. */
  advice: string | null;
  key: string;
  group: Group;
  /** The group as people name it: `心血管内科`, `全院` for a rule without dimensions. */
  groupLabel: string;
  episode: number;
  from: AlertState;
  to: AlertState;
  reason: TransitionReason;
  at: string;
  by: string;
  value: number | null;
  /** The threshold as people read it (`> 1`). */
  threshold: string | null;
  note: string | null;
  /** Who answers for it at this step, as people read it. */
  responsible: string | null;
  /** 0: the route's own channels; 1, 2 …: an escalation step. */
  level: number;
  /** A record rule's row as shown (no patient identifier). */
  record: Record<string, Cell> | null;
}
