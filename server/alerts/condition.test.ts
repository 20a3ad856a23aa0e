// Conditions on query rows: thresholds, a group's override, bands, changes against the compared
// window (同比 / 环比), no data, and groups that vanished from the answer.
import { describe, expect, it } from 'vitest';
import type { AlertCondition, MetricAlertRule } from './alert-rule.ts';
import { describeCondition, evaluateCondition } from './condition.ts';
import { evaluateRecords } from './record-condition.ts';

const rule = (condition: AlertCondition, extra: Partial<MetricAlertRule> = {}): MetricAlertRule => ({
  id: 'r', title: 'r', owner: 'admin', severity: 'warning',
  watch: { metric: 'bed_occupancy_rate', dimensions: ['department'], window: 'yesterday' }, condition, ...extra,
});
const rows = [
  { department: '0101', bed_occupancy_rate: 1.05 },
  { department: '0901', bed_occupancy_rate: 1.08 },
  { department: '0201', bed_occupancy_rate: 0.7 },
  { department: '0301', bed_occupancy_rate: null },
];
const statuses = (outcomes: { key: string; status: string }[]) => Object.fromEntries(outcomes.map((o) => [o.key, o.status]));

describe('metric rule conditions', () => {
  it('compares each group with its threshold: the rule\'s, or its override', () => {
    const outcomes = evaluateCondition(rule({ above: 1 }, { overrides: [{ group: { department: '0901' }, condition: { above: 1.1 } }] }), rows);
    expect(statuses(outcomes)).toEqual({ 'department=0101': 'breaching', 'department=0901': 'ok', 'department=0201': 'ok', 'department=0301': 'no_data' });
    expect(outcomes.find((o) => o.key === 'department=0901')).toMatchObject({ value: 1.08, threshold: { above: 1.1 }, group: { department: '0901' } });
  });

  it('checks below and outside a band', () => {
    expect(statuses(evaluateCondition(rule({ below: 0.8 }), rows))).toMatchObject({ 'department=0101': 'ok', 'department=0201': 'breaching' });
    expect(statuses(evaluateCondition(rule({ outside: [0.75, 1.06] }), rows))).toMatchObject({ 'department=0101': 'ok', 'department=0901': 'breaching', 'department=0201': 'breaching' });
  });

  it('measures a change against the compared window, by direction', () => {
    const before = [{ department: '0101', bed_occupancy_rate: 0.84 }, { department: '0901', bed_occupancy_rate: 1.25 }, { department: '0201', bed_occupancy_rate: 0 }];
    const up = evaluateCondition(rule({ change: { vs: 'yoy', percent: 20, direction: 'up' } }), rows, before);
    expect(up.find((o) => o.key === 'department=0101')).toMatchObject({ status: 'breaching', comparison: 0.84 });
    expect(up.find((o) => o.key === 'department=0101')!.changePercent).toBeCloseTo(25, 10);
    // A fall of 13.6 % is no rise; from zero there is no percentage to compare.
    expect(statuses(up)).toMatchObject({ 'department=0901': 'ok', 'department=0201': 'no_data' });
    const either = evaluateCondition(rule({ change: { vs: 'previous_period', percent: 10, direction: 'either' } }), rows, before);
    expect(statuses(either)).toMatchObject({ 'department=0101': 'breaching', 'department=0901': 'breaching' });
  });

  it('breaches on no data, for a group known before and for a rule without dimensions', () => {
    const outcomes = evaluateCondition(rule({ noData: true }), rows.slice(0, 1), [], [{ department: '0101' }, { department: '0401' }]);
    expect(statuses(outcomes)).toEqual({ 'department=0101': 'ok', 'department=0401': 'breaching' });
    const hospitalWide = rule({ above: 1 }, { watch: { metric: 'bed_occupancy_rate', window: 'yesterday' } });
    expect(evaluateCondition(hospitalWide, [])).toEqual([{ key: '*', group: {}, value: null, threshold: { above: 1 }, status: 'no_data' }]);
    expect(evaluateCondition(hospitalWide, [{ bed_occupancy_rate: 1.01 }])[0]).toMatchObject({ key: '*', status: 'breaching', value: 1.01 });
  });

  it('describes thresholds as people read them', () => {
    expect([{ above: 1 }, { below: 0.95 }, { outside: [1, 2] }, { noData: true }, { change: { vs: 'yoy', percent: 20, direction: 'up' } }].map((c) => describeCondition(c as AlertCondition)))
      .toEqual(['> 1', '< 0.95', 'outside 1–2', 'no data', '同比 ↑ ≥ 20%']);
  });
});

describe('record rule conditions', () => {
  const watch = {
    metric: 'critical_value_on_time_rate', window: 'last_7_days' as const, key: 'result_id',
    late: { from: 'verified_at', to: 'notified_at', minutes: 10 }, handled: 'acknowledged_at', department: 'notified_dept_code',
    show: ['test_name', 'patient_id', 'notified_at'],
  };
  const columns = [{ name: 'result_id' }, { name: 'patient_id', pii: 'mrn' }, { name: 'test_name' }, { name: 'verified_at' }, { name: 'notified_at' }, { name: 'acknowledged_at' }, { name: 'notified_dept_code' }];
  const row = (id: string, notified: string | null, acknowledged: string | null = null) => ({
    result_id: id, patient_id: 'P000123', test_name: '血钾', verified_at: '2025-03-01 08:00:00', notified_at: notified, acknowledged_at: acknowledged, notified_dept_code: '0101',
  });

  it('alerts on each late or never notified row until it is handled, and never shows the patient', () => {
    const outcomes = evaluateRecords(watch, [row('R1', '2025-03-01 08:25:00'), row('R2', null), row('R3', '2025-03-01 08:05:00'), row('R4', '2025-03-01 08:30:00', '2025-03-01 08:31:00')], columns);
    expect(outcomes.map((o) => [o.key, o.status, o.value])).toEqual([['result_id=R1', 'breaching', 25], ['result_id=R2', 'breaching', null], ['result_id=R4', 'ok', 30]]);
    expect(outcomes[0]).toMatchObject({ group: { result_id: 'R1', department: '0101' }, threshold: { above: 10 }, record: { test_name: '血钾', notified_at: '2025-03-01 08:25:00' } });
    expect(JSON.stringify(outcomes)).not.toContain('P000123');
  });

  it('reports a row already alerting once it is no longer late, and leaves rows that never were', () => {
    expect(evaluateRecords(watch, [row('R3', '2025-03-01 08:05:00')], columns, new Set(['result_id=R3']))).toMatchObject([{ key: 'result_id=R3', status: 'ok' }]);
  });
});
