// What every AlertStore answers, written once and run against each implementation (DuckDB now,
// PostgreSQL later), as `metrics/sql/dialect.test.ts` runs one contract over every dialect: rules
// replaced by id, instances and their append-only timeline recorded in one transaction, quiet
// notifications kept as suppressed, the outbox due by time, and deliveries logged. Values are
// hostile on purpose (quotes, Chinese, a backslash) and must come back as they went in.
import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../alerts/alert-rule.ts';
import { evaluated, newInstance, type AlertInstance, type AlertTransition } from '../alerts/lifecycle.ts';
import type { AlertNotice } from '../notify/notice.ts';
import type { AlertStore } from './alert-store.ts';

export interface OpenedAlertStore {
  store: AlertStore;
  /** Closes and opens the same store again (a restart). */
  reopen(): Promise<AlertStore>;
}

const hostile = `O'Brien "急诊" \\ ; DROP TABLE alert_rules; --`;

const rule = (id: string, title = hostile): AlertRule => ({
  id, title, owner: 'yiwuchu', severity: 'critical',
  watch: { metric: 'bed_occupancy_rate', dimensions: ['department'], window: 'yesterday', where: `department = '${hostile.replaceAll("'", "''")}'` },
  condition: { above: 1 }, overrides: [{ group: { department: '0901' }, condition: { above: 1.1 } }], advice: hostile,
});

const notice = (transition: AlertTransition, instance: AlertInstance): AlertNotice => ({
  ruleId: transition.ruleId, ruleTitle: hostile, severity: 'critical', advice: null, key: transition.key, group: instance.group, groupLabel: '心血管内科',
  episode: transition.episode, from: transition.from, to: transition.to, reason: transition.reason, at: transition.at, by: transition.by,
  value: transition.value, threshold: '> 1', note: transition.note, responsible: 'department 0101', level: 0, record: null,
});

function fired(ruleId: string, key: string, at: string) {
  const step = evaluated(newInstance(ruleId, key, { department: key.split('=')[1]! }, at), { status: 'breaching', value: 1.25, threshold: { above: 1 } }, at);
  return { instance: step.instance, transition: step.transition! };
}

export function alertStoreContract(name: string, open: () => Promise<OpenedAlertStore>): void {
  describe(`${name}: the AlertStore contract`, () => {
    it('keeps rules by id, replacing one saved again, and removes them', async () => {
      const { store, reopen } = await open();
      await store.saveRule(rule('ward-occupancy'), 'project files');
      const saved = await store.saveRule({ ...rule('ward-occupancy'), title: '科室床位使用率' }, 'yiwuchu');
      await store.saveRule(rule('a-first'), 'yiwuchu');
      expect(saved).toMatchObject({ savedBy: 'yiwuchu', rule: { title: '科室床位使用率', advice: hostile } });
      const again = await reopen();
      expect((await again.rules()).map((r) => r.rule.id)).toEqual(['a-first', 'ward-occupancy']);
      expect((await again.rule('a-first'))?.rule).toEqual(rule('a-first'));
      expect(await again.removeRule('a-first')).toBe(true);
      expect(await again.removeRule('a-first')).toBe(false);
      expect(await again.rule('a-first')).toBeNull();
    });

    it('records instances, their timeline and their notifications together; quiet ones are suppressed', async () => {
      const { store, reopen } = await open();
      const a = fired('ward-occupancy', 'department=0101', '2025-03-01T00:00:00.000Z');
      const b = fired('ward-occupancy', 'department=0901', '2025-03-01T00:00:00.000Z');
      await store.record([
        { instance: a.instance, transition: a.transition, notifications: [{ channel: 'ward-robot', notice: notice(a.transition, a.instance), quietBecause: null }] },
        { instance: b.instance, transition: b.transition, notifications: [{ channel: 'ward-robot', notice: notice(b.transition, b.instance), quietBecause: 'mute time nights' }] },
      ]);
      // The same instance moved again: replaced, and its timeline grows.
      const acknowledged: AlertInstance = { ...a.instance, state: 'acknowledged', acknowledgedBy: 'xinnei', acknowledgedAt: '2025-03-01T00:05:00.000Z' };
      const ack: AlertTransition = { ...a.transition, at: '2025-03-01T00:05:00.000Z', from: 'firing', to: 'acknowledged', by: 'xinnei', reason: 'acknowledged', note: hostile };
      await store.record([{ instance: acknowledged, transition: ack, notifications: [] }]);
      const again = await reopen();
      expect(await again.instance('ward-occupancy', 'department=0101')).toEqual(acknowledged);
      expect((await again.instances({ states: ['firing'] })).map((i) => i.key)).toEqual(['department=0901']);
      expect(await again.instances({ states: [] })).toEqual([]);
      expect((await again.instances({ ruleId: 'ward-occupancy' })).map((i) => i.state)).toEqual(['acknowledged', 'firing']);
      expect(await again.transitions('ward-occupancy', 'department=0101')).toEqual([a.transition, ack]);
      expect((await again.transitions('ward-occupancy')).map((t) => t.key)).toEqual(['department=0101', 'department=0901', 'department=0101']);
      const kept = await again.notifications({ ruleId: 'ward-occupancy' });
      expect(kept.map((n) => [n.channel, n.status, n.detail, n.attempts])).toEqual([['ward-robot', 'pending', null, 0], ['ward-robot', 'suppressed', 'mute time nights', 0]]);
      expect(kept[0]!.notice).toEqual(notice(a.transition, a.instance));
    });

    it('records nothing of a batch when any part of it fails', async () => {
      const { store } = await open();
      const a = fired('r', 'department=0101', '2025-03-01T00:00:00.000Z');
      const b = fired('r', 'department=0201', '2025-03-01T00:00:00.000Z');
      const broken = { ...b.transition, at: 'yesterday' };
      await expect(store.record([
        { instance: a.instance, transition: a.transition, notifications: [] },
        { instance: b.instance, transition: broken, notifications: [] },
      ])).rejects.toThrow(/"yesterday" is not an ISO 8601/);
      expect(await store.instances()).toEqual([]);
      expect(await store.transitions('r')).toEqual([]);
    });

    it('answers notifications when due, logs each delivery and updates what it carried', async () => {
      const { store } = await open();
      const a = fired('r', 'department=0101', '2025-03-01T00:00:00.000Z');
      const b = fired('r', 'department=0201', '2025-03-01T00:01:00.000Z');
      await store.record([a, b].map(({ instance, transition }) => ({
        instance, transition, notifications: ['ward-robot', 'mail'].map((channel) => ({ channel, notice: notice(transition, instance), quietBecause: null })),
      })));
      expect((await store.dueNotifications(new Date('2025-03-01T00:00:30Z'))).map((n) => [n.channel, n.notice.key])).toEqual([['ward-robot', 'department=0101'], ['mail', 'department=0101']]);
      expect(await store.nextDue()).toBe('2025-03-01T00:00:00.000Z');
      const [first, second] = await store.dueNotifications(new Date('2025-03-01T00:00:30Z'));
      const logged = await store.recordDelivery({ at: '2025-03-01T00:00:31.000Z', channel: 'ward-robot', entries: [first!.id], ok: true, error: null }, [
        { id: first!.id, status: 'sent', attempts: 1, nextAttemptAt: first!.nextAttemptAt, detail: null },
      ]);
      await store.recordDelivery({ at: '2025-03-01T00:00:32.000Z', channel: 'mail', entries: [second!.id], ok: false, error: hostile }, [
        { id: second!.id, status: 'pending', attempts: 1, nextAttemptAt: '2025-03-01T00:01:32.000Z', detail: hostile },
      ]);
      expect(logged).toMatchObject({ channel: 'ward-robot', entries: [first!.id], ok: true, error: null });
      expect((await store.dueNotifications(new Date('2025-03-01T00:01:00Z'))).map((n) => [n.channel, n.notice.key])).toEqual([['ward-robot', 'department=0201'], ['mail', 'department=0201']]);
      expect(await store.nextDue()).toBe('2025-03-01T00:01:00.000Z');
      const sent = (await store.notifications({ status: 'sent' }))[0]!;
      expect(sent).toMatchObject({ id: first!.id, attempts: 1, sentAt: '2025-03-01T00:00:31.000Z' });
      expect((await store.notifications({ status: 'pending' })).find((n) => n.id === second!.id)).toMatchObject({ attempts: 1, detail: hostile, sentAt: null, nextAttemptAt: '2025-03-01T00:01:32.000Z' });
      expect((await store.deliveries()).map((d) => [d.channel, d.ok, d.error])).toEqual([['mail', false, hostile], ['ward-robot', true, null]]);
      expect((await store.deliveries({ channel: 'mail', limit: 5 })).map((d) => d.entries)).toEqual([[second!.id]]);
    });
  });
}
