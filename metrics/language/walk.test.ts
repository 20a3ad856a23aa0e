// Traversals the planner uses: dependencies of a formula, and filters split into conjuncts.
import { describe, expect, it } from 'vitest';
import { formatExpression } from './format.ts';
import { parseExpression } from './parse.ts';
import { childrenOf, depthOf, nodesOf, referencesOf, splitConjuncts } from './walk.ts';
import { checkExpression } from './typecheck.ts';

describe('walking expressions', () => {
  it('lists the names a formula depends on, once each, in order', () => {
    expect(referencesOf(parseExpression('occupied_bed_days / open_bed_days + case when a.x then occupied_bed_days end'))).toEqual([
      ['occupied_bed_days'], ['open_bed_days'], ['a', 'x'],
    ]);
  });

  it('splits a filter into the conditions that must all hold', () => {
    const parts = splitConjuncts(parseExpression("d in ('01') and (x > 1 or y) and not z and w between 1 and 2"));
    expect(parts.map(formatExpression)).toEqual(["d in ('01')", 'x > 1 or y', 'not z', 'w between 1 and 2']);
  });

  it('visits every node, parents first, in source order', () => {
    const expr = parseExpression("case s when 1 then a else b end in (c, round(d))");
    expect(nodesOf(expr).map((node) => node.kind)).toEqual(['in', 'case', 'reference', 'literal', 'reference', 'reference', 'reference', 'call', 'reference']);
    expect(childrenOf(expr)).toHaveLength(3);
    expect(depthOf(expr)).toBe(3);
  });
});

describe('nodesOf', () => {
  it('walks a call without reordering its arguments (a shared array once came back reversed)', () => {
    const expr = parseExpression("greatest(date_diff('day', a, b), 1)");
    [...nodesOf(expr)];
    expect(formatExpression(expr)).toBe("greatest(date_diff('day', a, b), 1)");
    const scope = { resolve: () => ({ type: 'timestamp' as const, level: 'row' as const }), candidates: () => [] };
    const typed = checkExpression(parseExpression("greatest(date_diff('day', a, b), 1)"), scope, { expect: 'number', level: 'row' });
    expect(formatExpression(typed)).toBe("greatest(date_diff('day', a, b), 1)");
  });
});
