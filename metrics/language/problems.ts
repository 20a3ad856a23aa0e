// Errors of the expression language are values a data steward can act on: where (file, line,
// column), what is wrong, and what to do.
import type { Span } from './ast.ts';

export interface LanguageProblem {
  file?: string;
  line: number;
  column: number;
  message: string;
  /** The offending text, for editors that underline it. */
  span?: Span;
}

export class LanguageError extends Error {
  override readonly name = 'LanguageError';

  constructor(readonly problems: LanguageProblem[]) {
    super(problems.map(describeProblem).join('\n'));
  }
}

export function describeProblem(problem: LanguageProblem): string {
  const where = `${problem.line}:${problem.column}`;
  return `${problem.file === undefined ? where : `${problem.file}:${where}`}: ${problem.message}`;
}

export function problemAt(span: Span, message: string, file?: string): LanguageProblem {
  return { ...(file === undefined ? {} : { file }), line: span.start.line, column: span.start.column, message, span };
}
