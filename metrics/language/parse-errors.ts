// Words syntax errors for the person who wrote the expression: what was expected, where, and
// what was found instead, never a list of token names.
import { EOF, tokenMatcher, type IRecognitionException, type IToken } from 'chevrotain';
import type { ErrorCode, Frame } from './grammar.ts';
import { problemAt, type LanguageProblem } from './problems.ts';
import type { SourceText } from './source.ts';
import * as T from './tokens.ts';

const isEnd = (token: IToken | undefined): boolean => token === undefined || token.tokenType === EOF;

function quoteText(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

/** "the number 2", "the name x", "'then'", "the end of the expression". */
export function describeToken(token: IToken | undefined): string {
  if (token === undefined || isEnd(token)) return 'the end of the expression';
  if (token.tokenType === T.NumberLiteral) return `the number ${token.image}`;
  if (token.tokenType === T.StringLiteral) return `the string ${quoteText(token.image)}`;
  if (token.tokenType === T.QuotedName) return `the name ${quoteText(token.image)}`;
  if (token.tokenType === T.Name) return `the name ${token.image}`;
  return `'${token.image}'`;
}

function isReservedWord(token: IToken): boolean {
  return T.RESERVED_WORDS.has(token.image.toLowerCase());
}

const COMPARING = [T.Equal, T.NotEqual, T.Less, T.LessEqual, T.Greater, T.GreaterEqual, T.Is, T.In, T.Between, T.Like, T.Ilike, T.Not];

function opened(source: SourceText, token: IToken): string {
  return `at ${source.where(token.startOffset)}`;
}

/** What was expected, for an error raised with `code` inside the innermost open `frame`. */
function expectation(code: ErrorCode, frame: Frame | undefined, found: IToken, previous: IToken | undefined, source: SourceText): string {
  const ended = isEnd(found);
  switch (code) {
    case 'value': {
      if (previous === undefined) return 'expected a value: a number, a string in single quotes, a name, a function call or \'(\'';
      return `expected a value after '${previous.image}'`;
    }
    case 'close-call': {
      const name = frame?.kind === 'call' ? frame.name : 'the function';
      return ended ? `expected a closing ')' after the arguments of ${name}` : `expected ',' or a closing ')' after an argument of ${name}`;
    }
    case 'close-group':
      return `expected a closing ')' to match the '(' ${frame === undefined ? '' : opened(source, frame.open)}`.trimEnd();
    case 'open-in':
      return "expected '(' and a list of values after 'in', as in x in ('a', 'b')";
    case 'close-in':
      return ended ? "expected a closing ')' after the list of values of 'in'" : "expected ',' or a closing ')' after a value in the list of 'in'";
    case 'case-when':
      return "expected 'when' and a condition after 'case'";
    case 'case-then':
      return "expected 'then' and a value after the condition of 'when'";
    case 'case-end':
      return `expected 'when', 'else' or 'end' to finish the case that starts ${frame === undefined ? 'earlier' : opened(source, frame.open)}`;
    case 'between-and':
      return "expected 'and' and an upper bound after the lower bound of 'between', as in x between 1 and 10";
    case 'is-null':
      return "expected 'null' or 'not null' after 'is'";
    case 'after-not':
      return "expected 'in', 'between', 'like' or 'ilike' after 'not' here (to negate a condition, put 'not' before it: not (a = b))";
    case 'name-after-dot':
      return "expected a name after '.'";
    case 'trailing':
      return trailing(found, previous);
    case 'unexpected':
      return ended ? 'the expression ended too early' : `unexpected ${describeToken(found)}`;
  }
}

function trailing(found: IToken, previous: IToken | undefined): string {
  if (found.tokenType === T.RParen) return "found a ')' that has no matching '('";
  if (COMPARING.some((type) => tokenMatcher(found, type))) {
    return `unexpected '${found.image}' after a comparison: comparisons cannot be chained; combine them with 'and' or 'or' (a < b and b < c), or use parentheses`;
  }
  if (found.tokenType === T.LParen && previous !== undefined && (previous.tokenType === T.QuotedName || previous.tokenType === T.Name)) {
    return "'(' cannot follow a quoted or dotted name: functions are called by their plain name, as in round(x)";
  }
  if ([T.Name, T.QuotedName, T.NumberLiteral, T.StringLiteral, T.DateKeyword, T.TimestampKeyword, T.LParen, T.Case].includes(found.tokenType)) {
    return `unexpected ${describeToken(found)} after a complete expression: is an operator (such as + or and) or a comma missing before it?`;
  }
  return `unexpected ${describeToken(found)} after a complete expression`;
}

/** `tokens` are those the parser was given; `frames` the constructs open when it failed. */
export function describeSyntaxError(error: IRecognitionException, tokens: IToken[], frames: Frame[], source: SourceText): LanguageProblem {
  const code = error.message as ErrorCode;
  const found = error.token;
  const previous = isEnd(found) ? tokens[tokens.length - 1] : tokens.findLast((token) => token.startOffset < found.startOffset);
  const doubled = code === 'value' && previous?.tokenType === T.Equal && found.tokenType === T.Equal;
  let message = doubled ? "'==' is not an operator: use a single '=' to compare two values" : expectation(code, frames[frames.length - 1], found, previous, source);
  if (code !== 'trailing' && code !== 'unexpected' && !doubled) {
    message += isEnd(found) ? ', but the expression ended' : `, but found ${describeToken(found)}`;
    // A keyword where a value was due, after an operator: most likely meant as a name.
    if (!isEnd(found) && isReservedWord(found) && code === 'value' && (previous === undefined || !/^\p{L}/u.test(previous.image))) {
      message += ` (${found.image.toLowerCase()} is a keyword; to use it as a name, put it in double quotes: "${found.image}")`;
    }
  }
  // At the end, point just past the last token: that is where something is missing.
  const offset = isEnd(found) ? (previous === undefined ? 0 : previous.startOffset + previous.image.length) : found.startOffset;
  const length = isEnd(found) ? 0 : found.image.length;
  return problemAt(source.span(offset, offset + length), message, source.file);
}
