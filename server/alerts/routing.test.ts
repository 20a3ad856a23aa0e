// Routing with an injected clock: the group's own department by default, escalation steps after N
// minutes unacknowledged (only the latest one due), silences and nightly mute times read in
// Asia/Shanghai; and which groups a reader's access lets them see.
import { describe, expect, it } from 'vitest';
import type { AlertRoute } from './alert-rule.ts';
import type { Group } from './condition.ts';
import { mayQueryGroup, visibleTo, type RuleReads } from './audience.ts';
import { acknowledged, evaluated, newInstance } from './lifecycle.ts';
import { channelsAt, escalationDue, inMuteTime, quietBecause, responsibleFor } from './routing.ts';

const route: AlertRoute = {
  name: 'by-department', channels: ['ward-robot'],
  escalation: [
    { afterMinutes: 30, responsible: { role: 'governance' }, channels: ['quality-dingtalk'] },
    { afterMinutes: 120, responsible: { user: 'yuanban' }, channels: ['director-mail'] },
  ],
};

describe('routing and escalation', () => {
  it('answers to the group\'s own department unless the route names someone', () => {
    expect(responsibleFor(route, 0, { department: '0101', ward: 'W3' }, 'department')).toEqual({ department: '0101' });
    expect(responsibleFor(route, 0, {}, null)).toBeNull();
    expect(responsibleFor(route, 1, { department: '0101' }, 'department')).toEqual({ role: 'governance' });
    expect(responsibleFor({ ...route, responsible: { department: '0901' } }, 0, { department: '0101' }, 'department')).toEqual({ department: '0901' });
    expect([0, 1, 2, 3].map((level) => channelsAt(route, level))).toEqual([['ward-robot'], ['quality-dingtalk'], ['director-mail'], []]);
  });

  it('escalates a firing alert nobody acknowledged, one step at a time, the latest due', () => {
    const fired = evaluated(newInstance('r', 'department=0101', { department: '0101' }, '2025-03-01T00:00:00Z'), { status: 'breaching', value: 1.1, threshold: { above: 1 } }, '2025-03-01T00:00:00.000Z').instance;
    expect(escalationDue(fired, route, new Date('2025-03-01T00:29:59Z'))).toBeNull();
    expect(escalationDue(fired, route, new Date('2025-03-01T00:30:00Z'))).toBe(1);
    expect(escalationDue({ ...fired, escalated: 1 }, route, new Date('2025-03-01T01:00:00Z'))).toBeNull();
    expect(escalationDue(fired, route, new Date('2025-03-01T03:00:00Z'))).toBe(2);
    expect(escalationDue(acknowledged(fired, 'xinnei', '2025-03-01T00:10:00.000Z').instance, route, new Date('2025-03-01T03:00:00Z'))).toBeNull();
  });

  it('keeps notifications quiet in a silence and in a mute time that runs past midnight in Shanghai', () => {
    const nights = { name: 'nights', from: '22:00', to: '07:00' };
    expect(inMuteTime(nights, new Date('2025-03-01T14:30:00Z'))).toBe(true); // 22:30 in Shanghai
    expect(inMuteTime(nights, new Date('2025-03-01T22:59:00Z'))).toBe(true); // 06:59
    expect(inMuteTime(nights, new Date('2025-03-01T23:00:00Z'))).toBe(false); // 07:00
    expect(inMuteTime(nights, new Date('2025-03-01T14:30:00Z'), 'UTC')).toBe(false);
    // Friday nights only: Saturday 03:00 is Friday's night, Sunday 03:00 is not.
    const fridays = { ...nights, days: ['fri' as const] };
    expect(inMuteTime(fridays, new Date('2025-03-07T19:00:00Z'))).toBe(true);
    expect(inMuteTime(fridays, new Date('2025-03-08T19:00:00Z'))).toBe(false);
    const silence = { from: '2025-03-01T08:00:00+08:00', to: '2025-03-01T12:00:00+08:00', rules: ['ward-occupancy'], group: { department: '0101' }, reason: '病区搬迁' };
    expect(quietBecause('ward-occupancy', { department: '0101' }, new Date('2025-03-01T01:00:00Z'), [silence], [])).toBe('silenced: 病区搬迁');
    expect(quietBecause('ward-occupancy', { department: '0901' }, new Date('2025-03-01T01:00:00Z'), [silence], [])).toBeNull();
    expect(quietBecause('other', { department: '0101' }, new Date('2025-03-01T01:00:00Z'), [silence], [])).toBeNull();
    expect(quietBecause('ward-occupancy', { department: '0101' }, new Date('2025-03-01T04:00:00Z'), [silence], [nights])).toBeNull();
    expect(quietBecause('ward-occupancy', { department: '0101' }, new Date('2025-03-01T15:00:00Z'), [silence], [nights])).toBe('mute time nights');
  });
});

describe('what a reader may see', () => {
  const stays: RuleReads = { datasets: [{ name: 'inpatient_days', dimensions: ['department', 'ward'] }] };
  const stock: RuleReads = { datasets: [{ name: 'drug_inventory', dimensions: ['drug'] }] };
  const analyst0101 = { rowFilters: [{ dimension: 'department', values: ['0101'], exempt: ['drug_inventory'] }] };
  const hospitalWide = { rowFilters: [] };

  it('a department\'s analyst sees their department\'s groups only, never another\'s or a hospital-wide number', () => {
    expect(mayQueryGroup(analyst0101, stays, { department: '0101', ward: 'W1' })).toBe(true);
    expect(mayQueryGroup(analyst0101, stays, { department: '0901' })).toBe(false);
    expect(mayQueryGroup(analyst0101, stays, {})).toBe(false);
    expect(mayQueryGroup(analyst0101, stays, { ward: 'W1' })).toBe(false);
    expect(mayQueryGroup({ rowFilters: [{ dimension: 'department', values: [], exempt: [] }] }, stays, { department: '0101' })).toBe(false);
  });

  it('data about no patient stays open where the policy exempts it; everyone unrestricted sees everything', () => {
    expect(mayQueryGroup(analyst0101, stock, {})).toBe(true);
    expect(mayQueryGroup({ rowFilters: [{ dimension: 'department', values: ['0101'], exempt: [] }] }, stock, {})).toBe(false);
    expect(mayQueryGroup(hospitalWide, stays, { department: '0901' })).toBe(true);
    expect(mayQueryGroup(hospitalWide, stays, {})).toBe(true);
  });

  it('filters an in-app list of alerts to what the reader may query', () => {
    const alerts: { key: string; group: Group }[] = [{ key: 'a', group: { department: '0101' } }, { key: 'b', group: { department: '0901' } }, { key: 'c', group: {} }];
    expect(visibleTo(analyst0101, stays, alerts).map((a) => a.key)).toEqual(['a']);
    expect(visibleTo(hospitalWide, stays, alerts).map((a) => a.key)).toEqual(['a', 'b', 'c']);
  });
});
