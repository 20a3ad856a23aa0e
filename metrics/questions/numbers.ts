// Numbers as people write them in questions: digits, Chinese numerals (三, 十五, 两) and English words.

const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const words: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, sixty: 60, ninety: 90,
};

/** A regular-expression source matching one number: digits, Chinese numerals up to 99, or an English word. */
export const NUMBER = `(?:\\d{1,3}|[零〇一二两三四五六七八九十]{1,3}|${Object.keys(words).join('|')})`;

/** The value of a NUMBER match (十五 → 15, 三十 → 30, 二十五 → 25), or null. */
export function numberValue(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (text in words) return words[text]!;
  const ten = text.indexOf('十');
  if (ten === -1) return text.length === 1 && text in digits ? digits[text]! : null;
  const tens = ten === 0 ? 1 : digits[text.slice(0, ten)];
  const ones = ten === text.length - 1 ? 0 : digits[text.slice(ten + 1)];
  return tens === undefined || ones === undefined ? null : tens * 10 + ones;
}
