// A per-channel limit of N messages in any sliding window (WeCom and DingTalk robots take 20 a
// minute and refuse the rest). Time is passed in, so tests move it instead of waiting.
export class SlidingWindowLimit {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly limit: number, private readonly windowMs: number) {}

  private recent(channel: string, now: number): number[] {
    const times = (this.sent.get(channel) ?? []).filter((t) => t > now - this.windowMs);
    this.sent.set(channel, times);
    return times;
  }

  /** Whether a message may go now; if so, it is counted. */
  take(channel: string, now: number): boolean {
    const times = this.recent(channel, now);
    if (times.length >= this.limit) return false;
    times.push(now);
    return true;
  }

  /** The earliest time the channel may send again. */
  nextFree(channel: string, now: number): number {
    const times = this.recent(channel, now);
    return times.length < this.limit ? now : times[times.length - this.limit]! + this.windowMs;
  }
}
