// The formula and filter language: text → AST (parseExpression) → typed AST (checkExpression),
// and back to text (formatExpression). See README.md.
export type {
  ArithmeticOperator, BetweenExpr, BinaryExpr, BinaryOperator, CallExpr, CaseBranch, CaseExpr, ComparisonOperator, Expr,
  FunctionName, InExpr, IsNullExpr, Level, LikeExpr, LiteralExpr, LogicalOperator, NoAnnotation, Position, ReferenceExpr,
  Resolution, Span, TypedExpr, TypedReferenceExpr, Typing, UnaryExpr, UnaryOperator, ValueType,
} from './ast.ts';
export { parseExpression, MAX_DEPTH, type Origin } from './parse.ts';
export { checkExpression, type CheckOptions, type ExpressionScope } from './typecheck.ts';
export { formatExpression, formatName, formatString } from './format.ts';
export { FUNCTIONS, DATE_GRAINS, DATE_UNITS, isFunctionName, type FunctionSpec, type ParamSpec } from './functions.ts';
export { LanguageError, describeProblem, type LanguageProblem } from './problems.ts';
export { childrenOf, depthOf, nodesOf, referencesOf, splitConjuncts } from './walk.ts';
export { closestName } from './suggest.ts';
