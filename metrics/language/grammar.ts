// The grammar, as a chevrotain parser with embedded actions that build the AST directly.
// Precedence, loosest first: or, and, not, comparison/in/between/like/is, ||, + -, * / %, unary -.
//
// Errors are not worded here: a failed expectation carries a short code (ERR_MSG) and the parser
// keeps a stack of open constructs (calls, parentheses, lists, case), from which parse-errors.ts
// words a message. Values (dates, numbers, function names) are checked in actions; what is wrong
// with them is collected in `problems` so that one parse reports all of them.
import { EmbeddedActionsParser, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import type { BinaryOperator, CaseBranch, Expr, FunctionName, LiteralExpr, Span, UnaryOperator } from './ast.ts';
import { isFunctionName, unknownFunctionMessage } from './functions.ts';
import { readDate, readNumber, readTimestamp, unquote, type Read } from './literals.ts';
import type { SourceText } from './source.ts';
import * as T from './tokens.ts';

export type ErrorCode =
  | 'value' | 'close-call' | 'close-group' | 'open-in' | 'close-in' | 'case-when' | 'case-then' | 'case-end'
  | 'between-and' | 'is-null' | 'after-not' | 'name-after-dot' | 'unexpected' | 'trailing';

/** An open construct, innermost last, for wording errors inside it. */
export type Frame = { kind: 'call'; name: string; open: IToken } | { kind: 'group' | 'in' | 'case'; open: IToken };

type Suffix =
  | { kind: 'in'; list: Expr[]; close: IToken }
  | { kind: 'between'; low: Expr; high: Expr }
  | { kind: 'like'; pattern: Expr; caseInsensitive: boolean };

/** A literal's value with its type, e.g. `{ valueType: 'number', value: 1 }`. */
type LiteralValue = WithoutPlace<LiteralExpr>;
type WithoutPlace<L> = L extends { kind: 'literal' } ? Omit<L, 'kind' | 'span'> : never;

const codes: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: () => 'unexpected',
  buildNotAllInputParsedMessage: () => 'trailing',
  buildNoViableAltMessage: ({ customUserDescription }) => customUserDescription ?? 'unexpected',
  buildEarlyExitMessage: ({ customUserDescription }) => customUserDescription ?? 'unexpected',
};

const COMPARISONS: [TokenType, BinaryOperator][] = [
  [T.Equal, '='], [T.NotEqual, '<>'], [T.Less, '<'], [T.LessEqual, '<='], [T.Greater, '>'], [T.GreaterEqual, '>='],
];

export class ExpressionGrammar extends EmbeddedActionsParser {
  source!: SourceText;
  problems: { span: Span; message: string }[] = [];
  frames: Frame[] = [];

  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: false, maxLookahead: 3, errorMessageProvider: codes });
    this.performSelfAnalysis();
  }

  /** Prepares for parsing `tokens` of `source`. */
  begin(source: SourceText, tokens: IToken[]): void {
    this.source = source;
    this.problems = [];
    this.frames = [];
    this.input = tokens;
  }

  private spanOf(first: IToken, last: IToken): Span {
    return this.source.span(first.startOffset, last.startOffset + last.image.length);
  }

  private join(first: { span: Span }, last: { span: Span }): Span {
    return { start: first.span.start, end: last.span.end };
  }

  private binary(op: BinaryOperator, left: Expr, right: Expr): Expr {
    return { kind: 'binary', op, left, right, span: this.join(left, right) };
  }

  private read<V>(result: Read<V>, span: Span, fallback: V): V {
    if ('problem' in result) {
      this.problems.push({ span, message: result.problem });
      return fallback;
    }
    return result.value;
  }

  /** Parses a left-associative chain `operand (op operand)*`; chevrotain needs the two uses of
   *  the operand's rule numbered apart (SUBRULE, SUBRULE2), hence two functions. */
  private chain(first: () => Expr, next: () => Expr, operators: [TokenType, BinaryOperator][]): Expr {
    let left = first();
    this.MANY(() => {
      const op = this.OR(operators.map(([token, name]) => ({ ALT: () => (this.CONSUME(token), name) })));
      const right = next();
      this.ACTION(() => {
        left = this.binary(op, left, right);
      });
    });
    return left;
  }

  expression = this.RULE('expression', (): Expr => this.chain(() => this.SUBRULE(this.conjunction), () => this.SUBRULE2(this.conjunction), [[T.Or, 'or']]));

  conjunction = this.RULE('conjunction', (): Expr => this.chain(() => this.SUBRULE(this.negation), () => this.SUBRULE2(this.negation), [[T.And, 'and']]));

  negation = this.RULE('negation', (): Expr =>
    this.OR({
      DEF: [
        { ALT: () => this.prefixed(this.CONSUME(T.Not), 'not', this.SUBRULE(this.negation)) },
        { ALT: () => this.SUBRULE(this.predicate) },
      ],
      ERR_MSG: 'value',
    }),
  );

  private prefixed(operator: IToken, op: UnaryOperator, operand: Expr): Expr {
    return this.ACTION((): Expr => ({ kind: 'unary', op, operand, span: { start: this.spanOf(operator, operator).start, end: operand.span.end } }));
  }

  predicate = this.RULE('predicate', (): Expr => {
    const operand = this.SUBRULE(this.concatenation);
    let result = operand;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            const op = this.OR2(COMPARISONS.map(([token, name]) => ({ ALT: () => (this.CONSUME(token), name) })));
            const right = this.SUBRULE2(this.concatenation);
            this.ACTION(() => {
              result = this.binary(op, operand, right);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Is);
            const not = this.OPTION2(() => this.CONSUME2(T.Not));
            const last = this.CONSUME(T.Null, { ERR_MSG: 'is-null' });
            this.ACTION(() => {
              result = { kind: 'isNull', operand, negated: not !== undefined, span: { start: operand.span.start, end: this.spanOf(last, last).end } };
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Not);
            const suffix = this.OR3({
              DEF: [{ ALT: () => this.SUBRULE(this.inList) }, { ALT: () => this.SUBRULE(this.betweenBounds) }, { ALT: () => this.SUBRULE(this.likePattern) }],
              ERR_MSG: 'after-not',
            });
            this.ACTION(() => {
              result = this.withSuffix(operand, suffix, true);
            });
          },
        },
        {
          ALT: () => {
            const suffix = this.OR4([{ ALT: () => this.SUBRULE2(this.inList) }, { ALT: () => this.SUBRULE2(this.betweenBounds) }, { ALT: () => this.SUBRULE2(this.likePattern) }]);
            this.ACTION(() => {
              result = this.withSuffix(operand, suffix, false);
            });
          },
        },
      ]);
    });
    return result;
  });

  private withSuffix(operand: Expr, suffix: Suffix, negated: boolean): Expr {
    switch (suffix.kind) {
      case 'in':
        return { kind: 'in', operand, list: suffix.list, negated, span: { start: operand.span.start, end: this.spanOf(suffix.close, suffix.close).end } };
      case 'between':
        return { kind: 'between', operand, low: suffix.low, high: suffix.high, negated, span: this.join(operand, suffix.high) };
      case 'like':
        return { kind: 'like', operand, pattern: suffix.pattern, caseInsensitive: suffix.caseInsensitive, negated, span: this.join(operand, suffix.pattern) };
    }
  }

  inList = this.RULE('inList', (): Suffix => {
    this.CONSUME(T.In);
    const open = this.CONSUME(T.LParen, { ERR_MSG: 'open-in' });
    this.ACTION(() => this.frames.push({ kind: 'in', open }));
    const list = [this.SUBRULE(this.expression)];
    this.MANY(() => {
      this.CONSUME(T.Comma);
      list.push(this.SUBRULE2(this.expression));
    });
    const close = this.CONSUME(T.RParen, { ERR_MSG: 'close-in' });
    this.ACTION(() => this.frames.pop());
    return { kind: 'in', list, close };
  });

  betweenBounds = this.RULE('betweenBounds', (): Suffix => {
    this.CONSUME(T.Between);
    const low = this.SUBRULE(this.concatenation);
    this.CONSUME(T.And, { ERR_MSG: 'between-and' });
    const high = this.SUBRULE2(this.concatenation);
    return { kind: 'between', low, high };
  });

  likePattern = this.RULE('likePattern', (): Suffix => {
    const caseInsensitive = this.OR([{ ALT: () => (this.CONSUME(T.Like), false) }, { ALT: () => (this.CONSUME(T.Ilike), true) }]);
    const pattern = this.SUBRULE(this.concatenation);
    return { kind: 'like', pattern, caseInsensitive };
  });

  concatenation = this.RULE('concatenation', (): Expr => this.chain(() => this.SUBRULE(this.additive), () => this.SUBRULE2(this.additive), [[T.Concat, '||']]));

  additive = this.RULE('additive', (): Expr => this.chain(() => this.SUBRULE(this.multiplicative), () => this.SUBRULE2(this.multiplicative), [[T.Plus, '+'], [T.Minus, '-']]));

  multiplicative = this.RULE('multiplicative', (): Expr =>
    this.chain(() => this.SUBRULE(this.signed), () => this.SUBRULE2(this.signed), [[T.Star, '*'], [T.Slash, '/'], [T.Percent, '%']]),
  );

  signed = this.RULE('signed', (): Expr =>
    this.OR({
      DEF: [
        { ALT: () => this.prefixed(this.CONSUME(T.Minus), '-', this.SUBRULE(this.signed)) },
        { ALT: () => this.SUBRULE(this.primary) },
      ],
      ERR_MSG: 'value',
    }),
  );

  primary = this.RULE('primary', (): Expr =>
    this.OR({
      DEF: [
        { ALT: () => this.literal(this.CONSUME(T.NumberLiteral), (t) => ({ valueType: 'number', value: this.read(readNumber(t.image), this.spanOf(t, t), 0) })) },
        { ALT: () => this.literal(this.CONSUME(T.StringLiteral), (t) => ({ valueType: 'string', value: unquote(t.image) })) },
        { ALT: () => this.literal(this.CONSUME(T.True), () => ({ valueType: 'boolean', value: true })) },
        { ALT: () => this.literal(this.CONSUME(T.False), () => ({ valueType: 'boolean', value: false })) },
        { ALT: () => this.literal(this.CONSUME(T.Null), () => ({ valueType: 'null', value: null })) },
        { ALT: () => this.typedLiteral(this.CONSUME(T.DateKeyword), this.CONSUME2(T.StringLiteral), 'date') },
        { ALT: () => this.typedLiteral(this.CONSUME(T.TimestampKeyword), this.CONSUME3(T.StringLiteral), 'timestamp') },
        { ALT: () => this.SUBRULE(this.caseExpression) },
        { ALT: () => this.SUBRULE(this.call) },
        { ALT: () => this.SUBRULE(this.reference) },
        { ALT: () => this.SUBRULE(this.group) },
      ],
      ERR_MSG: 'value',
    }),
  );

  private literal(token: IToken, value: (token: IToken) => LiteralValue): Expr {
    return this.ACTION((): Expr => ({ kind: 'literal', ...value(token), span: this.spanOf(token, token) }));
  }

  private typedLiteral(keyword: IToken, text: IToken, valueType: 'date' | 'timestamp'): Expr {
    return this.ACTION((): Expr => {
      const span = this.spanOf(keyword, text);
      const read = valueType === 'date' ? readDate(unquote(text.image)) : readTimestamp(unquote(text.image));
      return { kind: 'literal', valueType, value: this.read(read, span, ''), span };
    });
  }

  caseExpression = this.RULE('caseExpression', (): Expr => {
    const open = this.CONSUME(T.Case);
    this.ACTION(() => this.frames.push({ kind: 'case', open }));
    const subject = this.OPTION(() => this.SUBRULE(this.expression));
    const branches: CaseBranch[] = [];
    this.AT_LEAST_ONE({
      DEF: () => {
        const when = this.CONSUME(T.When);
        const condition = this.SUBRULE2(this.expression);
        this.CONSUME(T.Then, { ERR_MSG: 'case-then' });
        const then = this.SUBRULE3(this.expression);
        this.ACTION(() => branches.push({ when: condition, then, span: { start: this.spanOf(when, when).start, end: then.span.end } }));
      },
      ERR_MSG: 'case-when',
    });
    const otherwise = this.OPTION2(() => {
      this.CONSUME(T.Else);
      return this.SUBRULE4(this.expression);
    });
    const close = this.CONSUME(T.End, { ERR_MSG: 'case-end' });
    return this.ACTION((): Expr => {
      this.frames.pop();
      return {
        kind: 'case', ...(subject === undefined ? {} : { subject }), branches, ...(otherwise === undefined ? {} : { else: otherwise }),
        span: this.spanOf(open, close),
      };
    });
  });

  call = this.RULE('call', (): Expr => {
    const name = this.CONSUME(T.Name);
    const open = this.CONSUME(T.LParen);
    this.ACTION(() => this.frames.push({ kind: 'call', name: name.image, open }));
    const args: Expr[] = [];
    this.OPTION(() => {
      args.push(this.SUBRULE(this.expression));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        args.push(this.SUBRULE2(this.expression));
      });
    });
    const close = this.CONSUME(T.RParen, { ERR_MSG: 'close-call' });
    return this.ACTION((): Expr => {
      this.frames.pop();
      const lower = name.image.toLowerCase();
      if (!isFunctionName(lower)) this.problems.push({ span: this.spanOf(name, name), message: unknownFunctionMessage(name.image) });
      return { kind: 'call', name: lower as FunctionName, args, span: this.spanOf(name, close) };
    });
  });

  reference = this.RULE('reference', (): Expr => {
    const segment = (token: IToken): string => {
      if (token.tokenType !== T.QuotedName) return token.image;
      const name = unquote(token.image);
      if (name === '') this.problems.push({ span: this.spanOf(token, token), message: 'a quoted name cannot be empty' });
      return name;
    };
    const first = this.OR([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.CONSUME(T.QuotedName) }]);
    const tokens = [first];
    this.MANY(() => {
      this.CONSUME(T.Dot);
      tokens.push(this.OR2({ DEF: [{ ALT: () => this.CONSUME2(T.Name) }, { ALT: () => this.CONSUME2(T.QuotedName) }], ERR_MSG: 'name-after-dot' }));
    });
    return this.ACTION((): Expr => ({ kind: 'reference', path: tokens.map(segment), span: this.spanOf(first, tokens[tokens.length - 1] as IToken) }));
  });

  group = this.RULE('group', (): Expr => {
    const open = this.CONSUME(T.LParen);
    this.ACTION(() => this.frames.push({ kind: 'group', open }));
    const inner = this.SUBRULE(this.expression);
    const close = this.CONSUME(T.RParen, { ERR_MSG: 'close-group' });
    // The parentheses belong to the expression's text, so that messages point at all of it.
    return this.ACTION((): Expr => {
      this.frames.pop();
      return { ...inner, span: this.spanOf(open, close) };
    });
  });
}
