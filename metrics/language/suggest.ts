// "Did you mean …?": the closest known name to a misspelt one.

/** The candidate closest to `name` (ignoring case), if it is close enough to be a likely slip. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor([...wanted].length / 3));
  if (best !== undefined && bestDistance <= allowed) return best;
  // A name written short (出院 for 出院日期): the one candidate that contains it.
  const containing = candidates.filter((candidate) => candidate.toLowerCase().includes(wanted));
  return [...wanted].length >= 2 && containing.length === 1 ? containing[0] : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of
 *  neighbours each cost one. Counted in characters, so that 科室 and 科宝 differ by one. */
function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= t.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[s.length] as number[])[t.length] as number;
}
