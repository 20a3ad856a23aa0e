// Generic traversals of expression trees (parsed or typed).
import type { Expr } from './ast.ts';

/** The direct sub-expressions of `expr`, left to right as written. */
export function childrenOf<A extends object, R extends object>(expr: Expr<A, R>): Expr<A, R>[] {
  switch (expr.kind) {
    case 'literal':
    case 'reference':
      return [];
    case 'unary':
    case 'isNull':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'in':
      return [expr.operand, ...expr.list];
    case 'between':
      return [expr.operand, expr.low, expr.high];
    case 'like':
      return [expr.operand, expr.pattern];
    case 'case':
      return [
        ...(expr.subject === undefined ? [] : [expr.subject]),
        ...expr.branches.flatMap((branch) => [branch.when, branch.then]),
        ...(expr.else === undefined ? [] : [expr.else]),
      ];
    case 'call':
      return [...expr.args];
  }
}

/** Every node of `expr`, parents before children, in source order. */
export function nodesOf<A extends object, R extends object>(expr: Expr<A, R>): Expr<A, R>[] {
  const nodes: Expr<A, R>[] = [];
  const pending = [expr];
  while (pending.length > 0) {
    const node = pending.pop() as Expr<A, R>;
    nodes.push(node);
    pending.push(...childrenOf(node).reverse());
  }
  return nodes;
}

/** The distinct names `expr` refers to, in order of first use: what it depends on. */
export function referencesOf(expr: Expr<object, object>): string[][] {
  const seen = new Map<string, string[]>();
  for (const node of nodesOf(expr)) {
    if (node.kind === 'reference') seen.set(JSON.stringify(node.path), node.path);
  }
  return [...seen.values()];
}

/** `a and b and (c or d)` → [a, b, c or d]: filters that can be applied one by one. */
export function splitConjuncts<A extends object, R extends object>(expr: Expr<A, R>): Expr<A, R>[] {
  return expr.kind === 'binary' && expr.op === 'and' ? [...splitConjuncts(expr.left), ...splitConjuncts(expr.right)] : [expr];
}

/** The number of nodes on the longest path from `expr` down to a leaf. */
export function depthOf(expr: Expr<object, object>): number {
  let deepest = 0;
  const pending: [Expr<object, object>, number][] = [[expr, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [Expr<object, object>, number];
    deepest = Math.max(deepest, depth);
    for (const child of childrenOf(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}
