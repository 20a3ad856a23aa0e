import { describe, expect, it } from 'vitest';
import { detectAnomalies, detectAnomaliesByGroup } from './anomalies.ts';
import { syntheticDays } from './testing/synthetic-series.ts';

describe('anomaly detection', () => {
  // Half a year of an outpatient-like series (±5 % noise) from July 2024, with 国庆节 in it.
  const base = () => syntheticDays({ start: '2024-07-01', days: 182, holiday: 0.4, noise: 0.1, seed: 11 });
  const injected: Record<number, number> = { 40: 1.8, 75: 0.35, 111: 2.2, 150: 0.5 };

  it('finds injected spikes and drops, and nothing else, through weekdays and a holiday week', () => {
    const series = base();
    const ordinary = [...series.values];
    for (const [t, factor] of Object.entries(injected)) series.values[Number(t)]! *= factor;
    const found = detectAnomalies(series);
    const flagged = found.points.flatMap((p, t) => (p.anomaly ? [t] : []));
    expect(flagged).toEqual(Object.keys(injected).map(Number));
    expect(found.points[40]!.anomaly).toBe('high');
    expect(found.points[75]!.anomaly).toBe('low');
    // A Sunday at a Monday's level is still ordinary for a Monday, not for a Sunday: the band follows the weekday.
    const sunday = found.points.find((p) => p.period === '2024-08-11')!;
    const monday = found.points.find((p) => p.period === '2024-08-12')!;
    expect(sunday.upper).toBeLessThan(monday.expected);
    // The holiday week (1–7 October) is expected low, not an anomaly.
    const holiday = found.points.find((p) => p.period === '2024-10-02')!;
    expect(holiday.anomaly).toBeNull();
    expect(holiday.expected).toBeLessThan(0.6 * monday.expected);
    // Every ordinary day lies in its band.
    found.points.forEach((p, t) => {
      if (!(t in injected)) expect(p.value).toBe(ordinary[t]);
    });
  });

  it('flags the holiday week when told nothing of the calendar', () => {
    const found = detectAnomalies(base(), { calendar: false });
    expect(found.points.filter((p) => p.anomaly && p.period >= '2024-10-01' && p.period <= '2024-10-07').length).toBeGreaterThan(3);
  });

  it('works per group', () => {
    const cardiology = base();
    const respiratory = base();
    respiratory.values[100]! *= 3;
    const groups = detectAnomaliesByGroup([{ group: '0101', series: cardiology }, { group: '0102', series: respiratory }]);
    expect(groups.map((g) => [g.group, g.points.filter((p) => p.anomaly).map((p) => p.period)])).toEqual([['0101', []], ['0102', ['2024-10-09']]]);
  });
});
