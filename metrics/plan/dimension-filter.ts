// The `where` of a query or drill-through: a filter over conformed dimensions, which each dataset
// reads through its own expressions.
import { checkExpression, LanguageError, parseExpression, type ExpressionScope } from '../language/index.ts';
import type { ModelExpr, ModelResolution, SemanticModel } from '../model/semantic-model.ts';
import { QueryError } from './query-error.ts';

/** The filter parsed and checked: its references resolve to conformed dimension names. */
export function parseWhere(model: SemanticModel, text: string): ModelExpr {
  const scope: ExpressionScope<ModelResolution> = {
    noun: 'dimension',
    resolve: (path) => {
      const d = path.length === 1 ? model.dimensions.get(path[0]!) : undefined;
      return d ? { type: d.type, level: 'row', source: 'column', name: path[0]!, noun: 'dimension' } : undefined;
    },
    candidates: (prefix) => (prefix.length === 0 ? [...model.dimensions.keys()] : []),
  };
  try {
    return checkExpression(parseExpression(text), scope, { expect: 'boolean', level: 'row', role: 'the filter' });
  } catch (error) {
    if (error instanceof LanguageError) throw new QueryError(`--where: ${error.message}`);
    throw error;
  }
}

