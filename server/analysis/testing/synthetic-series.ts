// Test support: daily series made to a known recipe (weekday shape, a yearly wave, holidays as
// multipliers, noise from a seeded generator), so tests know what a model should find.
import { calendarDay } from '../chinese-calendar.ts';
import { periodStart, type Series } from '../series.ts';

/** Monday … Sunday, as hospital outpatient clinics see them. */
export const outpatientWeek = [1.3, 1.1, 1.05, 1.0, 0.95, 0.55, 0.45];

export interface Recipe {
  start: string;
  days: number;
  level?: number;
  /** Relative amplitude of a yearly cosine peaking mid-January. */
  yearly?: number;
  /** Multiplier on official public-holiday days (make-up working days count as a Wednesday). */
  holiday?: number;
  /** Relative uniform noise, ± half this. */
  noise?: number;
  seed?: number;
}

export function seededRandom(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

export function syntheticDays(recipe: Recipe): Series {
  const random = seededRandom(recipe.seed ?? 7);
  const values = Array.from({ length: recipe.days }, (_, t) => {
    const day = periodStart(recipe.start, 'day', t);
    const info = calendarDay(day);
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    const dayOfYear = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${day.slice(0, 4)}-01-15T00:00:00Z`)) / 86_400_000;
    const shape = info.makeupWorkday ? outpatientWeek[2]! : info.holiday && recipe.holiday !== undefined ? recipe.holiday : outpatientWeek[weekday]!;
    const season = 1 + (recipe.yearly ?? 0) * Math.cos((2 * Math.PI * dayOfYear) / 365.25);
    return (recipe.level ?? 1000) * shape * season * (1 + (recipe.noise ?? 0) * (random() - 0.5));
  });
  return { grain: 'day', start: recipe.start, values };
}
