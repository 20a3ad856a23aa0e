// Who answers for an alert and when people are told: the responsible party (the group's own
// department by default, or a role or a user), escalation steps after N minutes unacknowledged,
// and silences (one-off windows) and mute times (recurring, e.g. nights) that keep notifications
// quiet without touching state. Pure: the time is passed in; mute times are read in the
// hospital's time zone.
import { ownDepartment, type AlertRoute, type MuteTime, type Responsible, type Silence } from './alert-rule.ts';
import type { Group } from './condition.ts';
import type { AlertInstance } from './lifecycle.ts';
import { hospitalTimeZone } from './schedule.ts';

/**
 * The party an alert's group answers to at escalation `level` (0: the route's own). `{ department:
 * group }` becomes the group's department; null when the group has none.
 */
export function responsibleFor(route: AlertRoute, level: number, group: Group, departmentDimension: string | null): Responsible | null {
  const responsible = level === 0 ? route.responsible ?? { department: ownDepartment } : route.escalation?.[level - 1]?.responsible;
  if (!responsible) return null;
  if (!('department' in responsible) || responsible.department !== ownDepartment) return responsible;
  const department = departmentDimension === null ? null : group[departmentDimension];
  return department === null || department === undefined ? null : { department: String(department) };
}

export const describeResponsible = (r: Responsible) => ('department' in r ? `department ${r.department}` : 'role' in r ? `role ${r.role}` : `user ${r.user}`);

/** The channels of escalation `level` (0: the route's own). */
export function channelsAt(route: AlertRoute, level: number): string[] {
  return level === 0 ? route.channels : route.escalation?.[level - 1]?.channels ?? [];
}

/**
 * The escalation level due for a firing alert nobody has acknowledged, or null: the last step whose
 * minutes since firing have passed and that has not been notified yet (a late check sends only
 * the latest step, not every step it missed).
 */
export function escalationDue(instance: AlertInstance, route: AlertRoute, now: Date): number | null {
  if (instance.state !== 'firing' || instance.firedAt === null) return null;
  const minutes = (now.getTime() - Date.parse(instance.firedAt)) / 60_000;
  const steps = route.escalation ?? [];
  let due = 0;
  steps.forEach((step, i) => {
    if (minutes >= step.afterMinutes) due = i + 1;
  });
  return due > instance.escalated ? due : null;
}

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The day of the week and minutes since midnight at `now` in `timeZone`. */
function wallClock(now: Date, timeZone: string): { day: number; minutes: number } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(now).map((p) => [p.type, p.value]));
  return { day: weekdays.indexOf(parts.weekday!.toLowerCase() as typeof weekdays[number]), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `now` falls in the mute time; a window past midnight belongs to the day it starts on. */
export function inMuteTime(mute: MuteTime, now: Date, timeZone = hospitalTimeZone): boolean {
  const { day, minutes } = wallClock(now, timeZone);
  const [from, to] = [minutesOf(mute.from), minutesOf(mute.to)];
  const onDay = (d: number) => !mute.days || mute.days.includes(weekdays[(d + 7) % 7]!);
  if (from <= to) return minutes >= from && minutes < to && onDay(day);
  return (minutes >= from && onDay(day)) || (minutes < to && onDay(day - 1));
}

export function inSilence(silence: Silence, ruleId: string, group: Group, now: Date): boolean {
  return Date.parse(silence.from) <= now.getTime() && now.getTime() < Date.parse(silence.to)
    && (!silence.rules || silence.rules.includes(ruleId))
    && Object.entries(silence.group ?? {}).every(([dimension, value]) => group[dimension] !== undefined && String(group[dimension]) === value);
}

/** Why a notification stays quiet now, or null when it goes out. */
export function quietBecause(ruleId: string, group: Group, now: Date, silences: Silence[], muteTimes: MuteTime[], timeZone = hospitalTimeZone): string | null {
  const silence = silences.find((s) => inSilence(s, ruleId, group, now));
  if (silence) return `silenced: ${silence.reason}`;
  const mute = muteTimes.find((m) => inMuteTime(m, now, timeZone));
  return mute ? `mute time ${mute.name}` : null;
}
