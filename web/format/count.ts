/** A whole count with the language's thousands separators: 1234567 → "1,234,567". */
export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 0 }).format(value);
}
