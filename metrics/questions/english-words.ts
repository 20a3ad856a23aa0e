// English names compared word by word: "average length of stay" is in "Average length of stay of
// discharged patients" whatever the small words and plurals.

const stopwords = new Set(['of', 'the', 'a', 'an', 'in', 'and', '&', 'for', 'per', 'at', 'by', 'to']);

export const isStopword = (word: string) => stopwords.has(word);

const singular = (word: string) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);

/** The words of an English name that carry its meaning, singular. */
export const contentWords = (text: string) => text.split(/[\s\-]+/).filter((w) => w && !stopwords.has(w)).map(singular);
