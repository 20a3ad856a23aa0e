// A question as the parser reads it: full-width letters, digits and signs folded (ＩＣＵ → icu,
// ２０２５ → 2025, ？ → ?), lower case, with each character's offset in the original text kept, so
// every chip can show the user's own words.

export interface NormalizedQuestion {
  text: string;
  /** `origin[i]` is the offset in the original question of normalized character i; one more entry for the end. */
  origin: number[];
  original: string;
}

export function normalizeQuestion(question: string): NormalizedQuestion {
  let text = '';
  const origin: number[] = [];
  let offset = 0;
  for (const char of question) {
    const folded = char.normalize('NFKC').toLowerCase();
    for (const piece of folded) {
      text += piece;
      origin.push(offset);
    }
    offset += char.length;
  }
  origin.push(offset);
  return { text, origin, original: question };
}

/** The user's words behind normalized characters [start, end). */
export function originalWords(question: NormalizedQuestion, start: number, end: number): string {
  return question.original.slice(question.origin[start], question.origin[end]).trim();
}
