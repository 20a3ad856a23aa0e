// Masking of patient identifiers by PII tag (name 张*, ID 110***********1234, phone 138****5678,
// address down to the district, medical record number keeping its ends). Applied wherever a
// value of a PII-tagged column leaves the server for someone without the unmask grant.
export type PiiTag = 'name' | 'id_number' | 'phone' | 'address' | 'mrn';

const stars = (n: number) => '*'.repeat(Math.max(1, n));

export function maskValue(tag: PiiTag, value: string | null): string | null {
  if (value === null || value === '') return value;
  const chars = [...value];
  switch (tag) {
    case 'name':
      return chars[0] + stars(chars.length - 1);
    case 'id_number':
      return chars.length > 7 ? chars.slice(0, 3).join('') + stars(chars.length - 7) + chars.slice(-4).join('') : stars(chars.length);
    case 'phone':
      return chars.length > 7 ? chars.slice(0, 3).join('') + stars(chars.length - 7) + chars.slice(-4).join('') : stars(chars.length);
    case 'address': {
      const district = /^(.*?(?:区|县|市(?!.*[区县])))/.exec(value);
      return district ? `${district[1]}${stars(3)}` : stars(3);
    }
    case 'mrn':
      return chars.length > 4 ? chars.slice(0, 2).join('') + stars(chars.length - 4) + chars.slice(-2).join('') : stars(chars.length);
  }
}
