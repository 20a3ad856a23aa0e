// File sizes in SI units (1 kB = 1000 bytes). Intl's units are the SI ones ('kilobyte' prints
// "kB"), and the number must agree with the unit printed next to it; this is also what
// `ls --si`, macOS Finder and most cloud consoles show.

const steps = [
  { unit: 'kilobyte', bytes: 1e3 },
  { unit: 'megabyte', bytes: 1e6 },
  { unit: 'gigabyte', bytes: 1e9 },
  { unit: 'terabyte', bytes: 1e12 },
] as const;

/**
 * "512 bytes", "1.5 kB", "12.0 MB": whole bytes below 1 kB, otherwise one decimal in the
 * largest unit that keeps the number below 1000 after rounding (999,960 bytes is "1.0 MB",
 * not "1,000.0 kB"). Digits and unit follow the language's conventions through Intl.
 */
export function formatFileSize(bytes: number, language: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`not a file size: ${bytes}`);
  if (bytes < 1e3) {
    // Long display, because English short display is "12 byte".
    return new Intl.NumberFormat(language, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
  }
  let step: (typeof steps)[number] = steps[0];
  for (const candidate of steps) {
    step = candidate;
    if (Math.round((bytes / candidate.bytes) * 10) / 10 < 1000) break;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: step.unit,
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(bytes / step.bytes);
}
