// The tokens of the expression language. Keywords are case-insensitive and whole words only
// (`order_id` is a name, not `or` + `der_id`); `date` and `timestamp` are keywords only when a
// quoted literal follows, so columns named `date` need no quotes.
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';

// Letters of any script (CJK included), digits, combining marks and `_`; not starting with a digit.
const NAME = /[\p{L}_][\p{L}\p{M}\p{N}_]*/uy;
export const NAME_PATTERN = /^[\p{L}_][\p{L}\p{M}\p{N}_]*$/u;

export const Name = createToken({
  name: 'Name',
  pattern: (text: string, offset: number) => {
    NAME.lastIndex = offset;
    return NAME.exec(text);
  },
  line_breaks: false,
});

const keyword = (word: string, categories: TokenType[] = []) =>
  createToken({ name: word, pattern: new RegExp(word, 'i'), longer_alt: Name, categories });

export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not');
export const In = keyword('in');
export const Between = keyword('between');
export const Like = keyword('like');
export const Ilike = keyword('ilike');
export const Is = keyword('is');
export const Null = keyword('null');
export const True = keyword('true');
export const False = keyword('false');
export const Case = keyword('case');
export const When = keyword('when');
export const Then = keyword('then');
export const Else = keyword('else');
export const End = keyword('end');
export const DateKeyword = keyword('date', [Name]);
export const TimestampKeyword = keyword('timestamp', [Name]);

/** Words that are names only when double-quoted. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'and', 'or', 'not', 'in', 'between', 'like', 'ilike', 'is', 'null', 'true', 'false', 'case', 'when', 'then', 'else', 'end',
]);

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /'(?:[^']|'')*'/, line_breaks: true });
export const QuotedName = createToken({ name: 'QuotedName', pattern: /"(?:[^"]|"")*"/, line_breaks: true });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/ });

export const LessEqual = createToken({ name: 'LessEqual', pattern: '<=' });
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: '>=' });
export const NotEqual = createToken({ name: 'NotEqual', pattern: /<>|!=/ });
export const Less = createToken({ name: 'Less', pattern: '<' });
export const Greater = createToken({ name: 'Greater', pattern: '>' });
export const Equal = createToken({ name: 'Equal', pattern: '=' });
export const Concat = createToken({ name: 'Concat', pattern: '||' });
export const Plus = createToken({ name: 'Plus', pattern: '+' });
export const Minus = createToken({ name: 'Minus', pattern: '-' });
export const Star = createToken({ name: 'Star', pattern: '*' });
export const Slash = createToken({ name: 'Slash', pattern: '/' });
export const Percent = createToken({ name: 'Percent', pattern: '%' });
export const LParen = createToken({ name: 'LParen', pattern: '(' });
export const RParen = createToken({ name: 'RParen', pattern: ')' });
export const Comma = createToken({ name: 'Comma', pattern: ',' });
export const Dot = createToken({ name: 'Dot', pattern: '.' });

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
const Comment = createToken({ name: 'Comment', pattern: /--[^\n\r]*/, group: Lexer.SKIPPED });

export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, Comment, StringLiteral, QuotedName, NumberLiteral,
  And, Or, Not, In, Between, Ilike, Like, Is, Null, True, False, Case, When, Then, Else, End, DateKeyword, TimestampKeyword,
  Name,
  LessEqual, GreaterEqual, NotEqual, Less, Greater, Equal, Concat, Plus, Minus, Star, Slash, Percent,
  LParen, RParen, Comma, Dot,
];

const lexer = new Lexer(ALL_TOKENS, { positionTracking: 'onlyStart', ensureOptimizations: false });

export interface LexProblem {
  offset: number;
  message: string;
}

/** Tokens, or what is wrong with the characters that are not part of any token. */
export function lex(text: string, where: (offset: number) => string): { tokens: IToken[]; problems: LexProblem[] } {
  const result = lexer.tokenize(text);
  const problems = result.errors.map((error) => ({ offset: error.offset, message: describeStrayText(text, error.offset, where) }));
  return { tokens: result.tokens, problems };
}

// Characters a steward may type by habit (full-width punctuation from a Chinese input method,
// operators from Excel or other languages), with what to write instead.
const INSTEAD: Record<string, string> = {
  '（': "a full-width '（'; use the plain '('",
  '）': "a full-width '）'; use the plain ')'",
  '，': "a full-width '，'; use the plain ','",
  '‘': "a curly quote '‘'; put text in plain single quotes: 'like this'",
  '’': "a curly quote '’'; put text in plain single quotes: 'like this'",
  '“': "a curly quote '“'; put text in plain single quotes: 'like this'",
  '”': "a curly quote '”'; put text in plain single quotes: 'like this'",
  '＝': "a full-width '＝'; use the plain '='",
  '＜': "a full-width '＜'; use the plain '<'",
  '＞': "a full-width '＞'; use the plain '>'",
  ';': "';': an expression is a single formula, with no statements after it",
  '；': "';': an expression is a single formula, with no statements after it",
  '&': "'&'; write 'and' to combine conditions",
  '|': "a single '|'; write 'or' to combine conditions ('||' joins text)",
  '!': "'!'; write 'not' to negate a condition, or '<>' for 'not equal'",
  '`': "a backquote; put names in double quotes: \"like this\"",
  '[': "'['; put names in double quotes: \"like this\"",
  ']': "']'; put names in double quotes: \"like this\"",
  '?': "'?'; write values directly, parameters are not needed",
  ':': "':'; write values directly, parameters are not needed",
  '$': "'$'; write values directly, parameters are not needed",
};

function describeStrayText(text: string, offset: number, where: (offset: number) => string): string {
  const char = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  const start = text.slice(offset, offset + 12).split(/[\r\n]/)[0] ?? '';
  const shown = start.length < 12 ? start : `${start}…`;
  if (char === "'") return `unterminated string ${shown} starting at ${where(offset)}: end it with ' (write '' for a quote inside it)`;
  if (char === '"') return `unterminated quoted name ${shown} starting at ${where(offset)}: end it with " (write "" for a quote inside it)`;
  const instead = INSTEAD[char];
  if (instead !== undefined) return `found ${instead}`;
  return `unexpected character '${char}' (U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`;
}
