// Sends what the outbox holds, apart from whoever changed an alert: the evaluator records a
// transition with its notifications and calls `wake()`, which returns at once. One pass takes the
// due entries, groups those of one channel into one message (alerts that fire together arrive
// together), keeps each channel within its rate limit, retries a failed message with growing
// waits, gives up after a number of attempts, and logs every attempt in the delivery log.
import type { AlertStore, EntryOutcome, OutboxEntry } from '../store/alert-store.ts';
import { DeliveryError, type Channel } from './channel.ts';
import { renderMessage } from './message.ts';
import { SlidingWindowLimit } from './rate-limit.ts';

export interface DispatcherOptions {
  store: AlertStore;
  channels: Map<string, Channel>;
  clock?: () => Date;
  /** Messages per channel per minute (default 20, the robots' limit). */
  perMinute?: number;
  /** Notices in one message at most (default 20); more go in the next message. */
  perMessage?: number;
  /** Attempts before an entry is marked failed (default 6). */
  maxAttempts?: number;
  /** Wait before attempt n + 1 (default 30 s, doubling, at most an hour). */
  backoffMs?: (attempts: number) => number;
  /** Where a pass that failed as a whole is reported (default: stderr). */
  onError?: (error: Error) => void;
}

export interface DispatchReport {
  sent: number;
  retrying: number;
  failed: number;
  /** Entries left for later by the rate limit. */
  waiting: number;
}

const defaultBackoff = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

export class NotificationDispatcher {
  private readonly clock: () => Date;
  private readonly limit: SlidingWindowLimit;
  private running: Promise<DispatchReport> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: DispatcherOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.limit = new SlidingWindowLimit(options.perMinute ?? 20, 60_000);
  }

  /** Starts a pass soon without waiting for it; a wake during a pass runs one more after it. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.dispatch().catch((error: Error) => (this.options.onError ?? ((e) => console.error(`notifications: ${e.message}`)))(error));
  }

  /** Wakes every `everyMs` (for retries and rate-limited entries) until `stop()`. */
  start(everyMs = 15_000): void {
    this.stop();
    this.timer = setInterval(() => this.wake(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over the due entries; resolves when every message of it was tried. */
  async dispatch(): Promise<DispatchReport> {
    if (this.running) return this.running;
    this.running = this.pass();
    try {
      return await this.running;
    } finally {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    }
  }

  private async pass(): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, retrying: 0, failed: 0, waiting: 0 };
    const byChannel = new Map<string, OutboxEntry[]>();
    for (const entry of await this.options.store.dueNotifications(this.clock())) {
      byChannel.set(entry.channel, [...(byChannel.get(entry.channel) ?? []), entry]);
    }
    const perMessage = this.options.perMessage ?? 20;
    await Promise.all([...byChannel].map(async ([name, entries]) => {
      for (let i = 0; i < entries.length; i += perMessage) {
        const batch = entries.slice(i, i + perMessage);
        const now = this.clock();
        if (!this.limit.take(name, now.getTime())) {
          // Over the limit: these wait until the window has room, counted as no attempt.
          const next = new Date(this.limit.nextFree(name, now.getTime())).toISOString();
          const rest = entries.slice(i);
          await this.options.store.recordDelivery(
            { at: now.toISOString(), channel: name, entries: rest.map((e) => e.id), ok: false, error: `rate limit: ${this.options.perMinute ?? 20} messages a minute; waiting until ${next}` },
            rest.map((e) => ({ id: e.id, status: 'pending', attempts: e.attempts, nextAttemptAt: next, detail: 'waiting for the rate limit' })),
          );
          report.waiting += rest.length;
          return;
        }
        Object.entries(await this.send(name, batch, now)).forEach(([k, n]) => { report[k as keyof DispatchReport] += n; });
      }
    }));
    return report;
  }

  private async send(name: string, batch: OutboxEntry[], now: Date): Promise<Partial<DispatchReport>> {
    const channel = this.options.channels.get(name);
    let error: string | null = null;
    try {
      if (!channel) throw new DeliveryError(`no channel "${name}" is configured; the alerts configuration names it, but it was removed`);
      await channel.send(renderMessage(batch.map((e) => e.notice)));
    } catch (failure) {
      // A channel's own errors have their secrets removed; anything else is reported by kind only.
      error = failure instanceof DeliveryError ? failure.message : `channel ${name}: ${(failure as Error).name}`;
    }
    const maxAttempts = this.options.maxAttempts ?? 6;
    const outcomes: EntryOutcome[] = batch.map((e) => {
      const attempts = e.attempts + 1;
      if (error === null) return { id: e.id, status: 'sent', attempts, nextAttemptAt: e.nextAttemptAt, detail: null };
      const gaveUp = attempts >= maxAttempts;
      return {
        id: e.id, status: gaveUp ? 'failed' : 'pending', attempts, detail: error,
        nextAttemptAt: gaveUp ? e.nextAttemptAt : new Date(now.getTime() + (this.options.backoffMs ?? defaultBackoff)(attempts)).toISOString(),
      };
    });
    await this.options.store.recordDelivery({ at: now.toISOString(), channel: name, entries: batch.map((e) => e.id), ok: error === null, error }, outcomes);
    if (error === null) return { sent: batch.length };
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    return { failed, retrying: batch.length - failed };
  }
}
