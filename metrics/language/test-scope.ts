// A small scope for tests: columns of one table (usable unqualified or as `admissions.x`), plus
// aggregate measures and metrics.
import type { Resolution, ValueType } from './ast.ts';
import type { ExpressionScope } from './typecheck.ts';

export interface TestResolution extends Resolution {
  name: string;
}

export function testScope(
  columns: Record<string, ValueType>,
  aggregates: Record<string, ValueType> = {},
  table = 'admissions',
): ExpressionScope<TestResolution> {
  const column = (name: string): TestResolution | undefined => {
    const type = Object.hasOwn(columns, name) ? columns[name] : undefined;
    return type === undefined ? undefined : { type, level: 'row', noun: 'column', name: `${table}.${name}` };
  };
  return {
    noun: 'column or metric',
    resolve(path) {
      const [first, second, ...rest] = path;
      if (first === undefined || rest.length > 0) return undefined;
      if (second !== undefined) return first === table ? column(second) : undefined;
      const type = Object.hasOwn(aggregates, first) ? aggregates[first] : undefined;
      return type === undefined ? column(first) : { type, level: 'aggregate', noun: 'metric', name: first };
    },
    candidates(prefix) {
      if (prefix.length === 0) return [...Object.keys(columns), ...Object.keys(aggregates), table];
      return prefix.length === 1 && prefix[0] === table ? Object.keys(columns) : [];
    },
  };
}
