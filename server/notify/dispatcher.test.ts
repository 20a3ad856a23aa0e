// The outbox sent by the dispatcher with an injected clock, on a real metadata store and a real
// HTTP receiver: notices due together on a channel go as one message, the per-channel rate limit
// holds the rest until the window has room, a refused message is retried with growing waits and
// given up after the last attempt, quiet notifications are never sent, every attempt is logged,
// and waking the dispatcher returns before anything is sent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluated, newInstance } from '../alerts/lifecycle.ts';
import { openMetadataStore } from '../store/duckdb-metadata-store.ts';
import type { MetadataStore } from '../store/metadata-store.ts';
import { openChannel } from './channels.ts';
import { NotificationDispatcher } from './dispatcher.ts';
import type { AlertNotice } from './notice.ts';
import { startHttpReceiver, type HttpReceiver } from './testing/receivers.ts';

let now: Date;
let store: MetadataStore;
let http: HttpReceiver;
const clock = () => now;
const later = (seconds: number) => { now = new Date(now.getTime() + seconds * 1000); };

beforeEach(async () => {
  now = new Date('2025-03-01T00:00:00.000Z');
  store = await openMetadataStore(':memory:', { clock });
  http = await startHttpReceiver();
});
afterEach(async () => {
  store.close();
  await http.close();
});

function dispatcher(options: { perMinute?: number; perMessage?: number; maxAttempts?: number } = {}) {
  const channels = new Map([['ward-robot', openChannel({ name: 'ward-robot', kind: 'wecom', urlEnv: 'URL', audience: { role: 'admin' } }, { URL: `${http.url}/send?key=k-123456` }, clock)]]);
  return new NotificationDispatcher({ store: store.alerts, channels, clock, ...options });
}

/** `count` alerts firing now, each with a notification on `channel`; `quiet` ones are muted. */
async function fire(count: number, { channel = 'ward-robot', quiet = false, first = 0 } = {}) {
  const at = now.toISOString();
  await store.alerts.record(Array.from({ length: count }, (_, i) => {
    const department = String(first + i).padStart(4, '0');
    const step = evaluated(newInstance('ward-occupancy', `department=${department}`, { department }, at), { status: 'breaching', value: 1.1, threshold: { above: 1 } }, at);
    const notice: AlertNotice = {
      ruleId: 'ward-occupancy', ruleTitle: '科室床位使用率超过 100%', severity: 'warning', advice: null, key: step.instance.key, group: step.instance.group,
      groupLabel: `科室 ${department}`, episode: 1, from: 'pending', to: 'firing', reason: 'fired', at, by: 'system', value: 1.1, threshold: '> 1',
      note: null, responsible: null, level: 0, record: null,
    };
    return { instance: step.instance, transition: step.transition, notifications: [{ channel, notice, quietBecause: quiet ? 'mute time nights' : null }] };
  }));
}

describe('the notification outbox', () => {
  it('sends alerts that fire together as one message, and never a quiet one', async () => {
    await fire(3);
    await fire(1, { quiet: true, first: 10 });
    expect(await dispatcher().dispatch()).toEqual({ sent: 3, retrying: 0, failed: 0, waiting: 0 });
    expect(http.requests).toHaveLength(1);
    const content = JSON.parse(http.requests[0]!.body).markdown.content as string;
    expect(content).toMatch(/^### HBI 预警：3 条变化/);
    expect(content).not.toContain('科室 0010');
    expect((await store.alerts.notifications()).map((n) => n.status)).toEqual(['sent', 'sent', 'sent', 'suppressed']);
    expect(await dispatcher().dispatch()).toEqual({ sent: 0, retrying: 0, failed: 0, waiting: 0 });
    const [log] = await store.alerts.deliveries();
    expect(log).toMatchObject({ channel: 'ward-robot', ok: true, error: null, entries: [1, 2, 3] });
  });

  it('keeps each channel within its rate limit and sends the rest when the window has room', async () => {
    await fire(25);
    const sender = dispatcher({ perMessage: 1 });
    expect(await sender.dispatch()).toEqual({ sent: 20, retrying: 0, failed: 0, waiting: 5 });
    expect(http.requests).toHaveLength(20);
    later(30);
    expect(await sender.dispatch()).toEqual({ sent: 0, retrying: 0, failed: 0, waiting: 0 });
    later(31);
    expect(await sender.dispatch()).toEqual({ sent: 5, retrying: 0, failed: 0, waiting: 0 });
    expect(http.requests).toHaveLength(25);
    expect((await store.alerts.deliveries({ limit: 1000 })).filter((d) => d.error?.startsWith('rate limit: 20 messages a minute'))).toHaveLength(1);
  });

  it('retries a refused message with growing waits and gives up after the last attempt', async () => {
    await fire(1);
    http.answer(503, 'busy');
    const sender = dispatcher({ maxAttempts: 3 });
    expect(await sender.dispatch()).toEqual({ sent: 0, retrying: 1, failed: 0, waiting: 0 });
    const [waiting] = await store.alerts.notifications();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2025-03-01T00:00:30.000Z', detail: 'channel ward-robot: the receiver answered 503: "busy"' });
    later(29);
    expect((await sender.dispatch()).retrying).toBe(0);
    later(1);
    expect((await sender.dispatch()).retrying).toBe(1);
    expect((await store.alerts.notifications())[0]!.nextAttemptAt).toBe('2025-03-01T00:01:30.000Z');
    later(60);
    expect(await sender.dispatch()).toEqual({ sent: 0, retrying: 0, failed: 1, waiting: 0 });
    expect((await store.alerts.notifications())[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await store.alerts.deliveries()).map((d) => d.ok)).toEqual([false, false, false]);
    expect(JSON.stringify(await store.alerts.deliveries())).not.toContain('k-123456');
  });

  it('logs a notification for a channel no longer configured as a failed attempt', async () => {
    await fire(1, { channel: 'removed-robot' });
    expect(await dispatcher({ maxAttempts: 1 }).dispatch()).toEqual({ sent: 0, retrying: 0, failed: 1, waiting: 0 });
    expect((await store.alerts.deliveries())[0]!.error).toBe('no channel "removed-robot" is configured; the alerts configuration names it, but it was removed');
  });

  it('returns from wake() before anything is sent; the message arrives afterwards', async () => {
    await fire(2);
    const sender = dispatcher();
    expect(sender.wake()).toBeUndefined();
    expect(http.requests).toHaveLength(0);
    await http.received(1);
    // dispatch() during a pass answers that pass: once it is done, both are recorded as sent.
    await sender.dispatch();
    expect((await store.alerts.notifications()).map((n) => n.status)).toEqual(['sent', 'sent']);
    expect(http.requests).toHaveLength(1);
  });
});
