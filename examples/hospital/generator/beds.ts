// Beds: what each ward has open each night (closures for repairs or staffing, at every ward size),
// how many temporary extra beds (加床) it can put up, and the admissions office that fills them.
// A ward never holds more patients at midnight than its open beds plus that bounded 加床, so
// candidate stays that would overfill a ward on any night are turned away (they went to another
// hospital) or keep their patient in the admitting ward instead of transferring.
import type { GeneratorDb } from './generator-db.ts';

/** Extra beds a ward can put up in corridors and day rooms: at least 2, about 15% of its beds. */
export const extraBedsSql = (beds: string) => `greatest(2, ceil(${beds} * 0.15))::INT`;

/**
 * `ward_night`: per ward and day (lead-in included, up to the period's end), the staffed beds,
 * the beds open that night and the most patients the ward can hold at midnight. In about one
 * ward-month in five some beds close for 3–10 days (one bed in a small ward, up to 12% in a big one).
 */
export async function buildWardNights(db: GeneratorDb): Promise<void> {
  await db.run(`
    CREATE TABLE ward_closure AS
    WITH months AS (
      SELECT DISTINCT date_trunc('month', day)::DATE AS month FROM calendar
    )
    SELECT w.ward_code, m.month + uint(0, 24, w.ward_code || m.month, 'closure_start') AS from_day,
           uint(3, 10, w.ward_code || m.month, 'closure_days') AS days,
           least(w.beds - 1, greatest(1, round(w.beds * (0.04 + 0.08 * u01(w.ward_code || m.month, 'closure_beds')))))::INT AS closed
    FROM ward w, months m
    WHERE u01(w.ward_code || m.month, 'closure') < 0.2;

    CREATE TABLE ward_night AS
    WITH closed AS (
      SELECT w.ward_code, c.day, w.beds, coalesce(max(x.closed), 0)::INT AS closed
      FROM ward w CROSS JOIN calendar c
      LEFT JOIN ward_closure x ON x.ward_code = w.ward_code AND c.day >= x.from_day AND c.day < x.from_day + x.days
      WHERE c.day <= getvariable('period_to')
      GROUP BY w.ward_code, c.day, w.beds
    )
    SELECT ward_code, day, beds, beds - closed AS open_beds, beds - closed + ${extraBedsSql('beds')} AS capacity FROM closed;
  `);
}

interface Candidate {
  id: number;
  chain: string;
  returning: boolean;
  /** Day numbers (days since 1970-01-01): the admission, then each transfer, then the discharge. */
  wards: string[];
  days: number[];
  discharge: number;
}

/**
 * The admissions office: takes candidate stays in order of admission and accepts each one whose
 * every night fits in its wards; a stay whose transfers do not fit stays in its admitting ward if
 * that fits; otherwise it is turned away, and so is the patient's later return. Writes
 * `bed_allocation(id, with_transfers)` for the accepted candidates. Sequential by nature, so in
 * JavaScript; it reads and writes only integers and short strings.
 */
export async function allocateBeds(db: GeneratorDb): Promise<{ offered: number; accepted: number; withoutTransfers: number }> {
  const nights = await db.rows<{ ward_code: string; day: number; capacity: number }>(`
    SELECT ward_code, (day - DATE '1970-01-01')::INT AS day, capacity FROM ward_night ORDER BY ward_code, day`);
  const firstDay = Math.min(...nights.map((n) => n.day));
  const lastDay = Math.max(...nights.map((n) => n.day));
  const span = lastDay - firstDay + 1;
  const wardIndex = new Map<string, number>();
  const capacity: Int32Array[] = [];
  for (const night of nights) {
    let w = wardIndex.get(night.ward_code);
    if (w === undefined) {
      w = capacity.length;
      wardIndex.set(night.ward_code, w);
      capacity.push(new Int32Array(span));
    }
    capacity[w]![night.day - firstDay] = night.capacity;
  }
  const occupied = capacity.map(() => new Int32Array(span));

  const candidates = await db.rows<Candidate>(`
    SELECT id::INT AS id, patient_key AS chain, readmission AS returning, seg_wards AS wards,
           list_transform(seg_offsets, o -> (admit_date - DATE '1970-01-01')::INT + o) AS days,
           (admit_date - DATE '1970-01-01')::INT + los_days AS discharge
    FROM stay_candidate ORDER BY id`);

  /** Each segment's nights [in, out) in its ward; nights after the period are not limited. */
  const segments = (c: Candidate, withTransfers: boolean) => {
    const wards = withTransfers ? c.wards : [c.wards[0]!];
    const days = withTransfers ? c.days : [c.days[0]!];
    return wards.map((ward, i) => ({ w: wardIndex.get(ward)!, from: days[i]! - firstDay, to: (days[i + 1] ?? c.discharge) - firstDay }));
  };
  const fits = (parts: ReturnType<typeof segments>) =>
    parts.every(({ w, from, to }) => {
      for (let n = Math.max(0, from); n < Math.min(to, span); n++) if (occupied[w]![n]! >= capacity[w]![n]!) return false;
      return true;
    });
  const take = (parts: ReturnType<typeof segments>) => {
    for (const { w, from, to } of parts) for (let n = Math.max(0, from); n < Math.min(to, span); n++) occupied[w]![n]!++;
  };

  const admittedChains = new Set<string>();
  const accepted: { id: number; with_transfers: boolean }[] = [];
  let withoutTransfers = 0;
  for (const c of candidates) {
    if (c.returning && !admittedChains.has(c.chain)) continue;
    const planned = segments(c, true);
    if (fits(planned)) {
      take(planned);
      accepted.push({ id: c.id, with_transfers: true });
    } else if (c.wards.length > 1 && fits(segments(c, false))) {
      take(segments(c, false));
      accepted.push({ id: c.id, with_transfers: false });
      withoutTransfers++;
    } else continue;
    admittedChains.add(c.chain);
  }
  await db.connection.run(
    `CREATE TABLE bed_allocation AS SELECT unnest($ids::BIGINT[]) AS id, unnest($transfers::BOOLEAN[]) AS with_transfers`,
    { ids: `[${accepted.map((a) => a.id).join(',')}]`, transfers: `[${accepted.map((a) => a.with_transfers).join(',')}]` },
  );
  return { offered: candidates.length, accepted: accepted.length, withoutTransfers };
}
