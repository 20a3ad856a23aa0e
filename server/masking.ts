// Masking of patient identifiers by PII tag (name 张*, ID number down to its last 4 digits, phone
// 138****5678, medical record number keeping its ends) and generalisation of quasi-identifiers
// (birth date → year, address → province and city). Applied wherever a value of a PII-tagged
// column leaves the server for someone without the unmask grant.
//
// Why combinations matter: an ID number is region (6 digits) + birth date (8) + sequence (3) +
// check digit. A mask that keeps its first digits, next to an address with its district and a
// birth date in clear, gives the number back. So the number keeps only its last 4, the address
// stops at the city (a city holds many region codes) and the birth date at its year.
import type { PiiTag } from '../connectors/dataset-spec.ts';

export type { PiiTag };

/** Tags of quasi-identifiers: harmless alone, identifying in combination; generalised, not starred. */
export const quasiIdentifierTags: ReadonlySet<PiiTag> = new Set(['address', 'birth_date']);

const stars = (n: number) => '*'.repeat(Math.max(1, n));

export function maskValue(tag: PiiTag, value: string | null): string | null {
  if (value === null || value === '') return value;
  const chars = [...value];
  switch (tag) {
    case 'name':
      return chars[0] + stars(chars.length - 1);
    case 'id_number':
      return chars.length > 8 ? stars(chars.length - 4) + chars.slice(-4).join('') : stars(chars.length);
    case 'phone':
      return chars.length > 7 ? chars.slice(0, 3).join('') + stars(chars.length - 7) + chars.slice(-4).join('') : stars(chars.length);
    case 'address': {
      // 四川省成都市…: province and city; 重庆市渝中区…: a municipality is its own city.
      const city = /^((?:[^省市]{2,8}(?:省|自治区))?[^省市区县]{1,10}?(?:市|自治州|地区|盟))/.exec(value);
      return city ? `${city[1]}${stars(3)}` : stars(3);
    }
    case 'birth_date': {
      const year = /^(\d{4})/.exec(value);
      return year ? year[1]! : stars(4);
    }
    case 'mrn':
      return chars.length > 4 ? chars.slice(0, 2).join('') + stars(chars.length - 4) + chars.slice(-2).join('') : stars(chars.length);
  }
}
