// When rules are evaluated by the clock: cron expressions read in the hospital's time zone by a
// maintained cron library (croner), so "0 8 * * *" means 08:00 in Shanghai whatever the server's
// zone. Pure: the caller passes the times; a timer (or a test) decides when to ask.
import { Cron } from 'croner';

export const hospitalTimeZone = 'Asia/Shanghai';

/** Throws with what is wrong when `expression` is not a cron expression croner accepts. */
export function cronOf(expression: string, timeZone = hospitalTimeZone): Cron {
  try {
    // paused: the object only answers questions; it never starts a timer of its own.
    return new Cron(expression, { timezone: timeZone, paused: true });
  } catch (error) {
    throw new Error(`"${expression}" is not a cron expression (minute hour day-of-month month day-of-week, e.g. "0 8 * * *"): ${(error as Error).message}`);
  }
}

/** The first time after `after` one of `expressions` names, or null when none ever will. */
export function nextRun(expressions: string[], after: Date, timeZone = hospitalTimeZone): Date | null {
  const runs = expressions.flatMap((e) => cronOf(e, timeZone).nextRun(after) ?? []);
  return runs.length === 0 ? null : new Date(Math.min(...runs.map((r) => r.getTime())));
}

/**
 * The ids of the rules whose schedule names a time in (since, now]: a tick that comes late still
 * evaluates a rule once, never once per missed time.
 */
export function dueRules(rules: { id: string; schedule?: string[]; enabled?: boolean }[], since: Date, now: Date, timeZone = hospitalTimeZone): string[] {
  return rules.filter((rule) => rule.enabled !== false && rule.schedule?.length).filter((rule) => {
    const next = nextRun(rule.schedule!, since, timeZone);
    return next !== null && next.getTime() <= now.getTime();
  }).map((rule) => rule.id);
}
