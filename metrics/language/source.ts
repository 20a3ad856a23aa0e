// Positions in an expression's text, shifted to where the expression sits in its file.
import type { Position, Span } from './ast.ts';

/** Where the expression's text starts in its file: `line` and `column` (1-based) of its first
 *  character; `indent` is added to the column of every later line (the indentation a YAML block
 *  scalar strips). Offsets in spans stay relative to the expression's own text. */
export interface Origin {
  file?: string;
  line?: number;
  column?: number;
  indent?: number;
}

export class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string, readonly origin: Origin = {}) {
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) this.lineStarts.push(i + 1);
    }
  }

  get file(): string | undefined {
    return this.origin.file;
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.lineStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    const column = offset - (this.lineStarts[low] as number) + 1;
    return {
      line: low + (this.origin.line ?? 1),
      column: low === 0 ? column + (this.origin.column ?? 1) - 1 : column + (this.origin.indent ?? 0),
      offset,
    };
  }

  span(startOffset: number, endOffset: number): Span {
    return { start: this.position(startOffset), end: this.position(endOffset) };
  }

  /** "line 2, column 7", for messages that point somewhere other than where they are reported. */
  where(offset: number): string {
    const { line, column } = this.position(offset);
    return `line ${line}, column ${column}`;
  }
}
