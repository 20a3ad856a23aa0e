// Text → AST. The only way text becomes an expression: there is no other path from a user's or a
// model file's text to the database.
import type { IToken } from 'chevrotain';
import type { Expr } from './ast.ts';
import { ExpressionGrammar } from './grammar.ts';
import { describeSyntaxError } from './parse-errors.ts';
import { LanguageError, problemAt } from './problems.ts';
import { SourceText, type Origin } from './source.ts';
import { Case, End, lex, LParen, Minus, Not, RParen } from './tokens.ts';
import { depthOf } from './walk.ts';

export type { Origin } from './source.ts';

/** Deeper expressions are refused rather than risk running out of stack in later stages; real
 *  formulas stay far below (a chain of 100 `and`s is 100 deep). */
export const MAX_DEPTH = 256;
const MAX_NESTING = 64;

// Built once: chevrotain analyses the grammar when the parser is constructed.
let grammar: ExpressionGrammar | undefined;

/** Parses one expression. `origin` is where its text starts in a file, so that positions (and
 *  problems) point at the file's lines and columns. Throws a LanguageError listing every problem. */
export function parseExpression(text: string, origin: Origin = {}): Expr {
  const source = new SourceText(text, origin);
  const fail = (offset: number, length: number, message: string): never => {
    throw new LanguageError([problemAt(source.span(offset, offset + length), message, origin.file)]);
  };
  const { tokens, problems } = lex(text, (offset) => source.where(offset));
  if (problems.length > 0) {
    throw new LanguageError(problems.map((problem) => problemAt(source.span(problem.offset, problem.offset + 1), problem.message, origin.file)));
  }
  if (tokens.length === 0) fail(0, text.length, 'the expression is empty: write a value, a name or a formula');
  const tooDeep = nestingTooDeep(tokens);
  if (tooDeep !== undefined) fail(tooDeep.startOffset, tooDeep.image.length, `the expression nests more than ${MAX_NESTING} levels deep here; split it into simpler metrics`);

  grammar ??= new ExpressionGrammar();
  grammar.begin(source, tokens);
  const expr = grammar.expression();
  const [error] = grammar.errors;
  if (error !== undefined) throw new LanguageError([describeSyntaxError(error, tokens, grammar.frames, source)]);
  if (grammar.problems.length > 0) {
    throw new LanguageError(grammar.problems.map((problem) => problemAt(problem.span, problem.message, origin.file)));
  }
  if (depthOf(expr) > MAX_DEPTH) fail(0, text.length, `the expression is more than ${MAX_DEPTH} operations deep; split it into simpler metrics`);
  return expr;
}

/** The first token at which parentheses, cases or a run of prefix operators nest too deeply. */
function nestingTooDeep(tokens: IToken[]): IToken | undefined {
  let depth = 0;
  let prefixes = 0;
  for (const token of tokens) {
    if (token.tokenType === LParen || token.tokenType === Case) depth++;
    if (token.tokenType === RParen || token.tokenType === End) depth = Math.max(0, depth - 1);
    prefixes = token.tokenType === Minus || token.tokenType === Not ? prefixes + 1 : 0;
    if (depth + prefixes > MAX_NESTING) return token;
  }
  return undefined;
}
