// Checks a call against its function's signature (functions.ts) and gives its result type.
import type { CallExpr, ValueType } from './ast.ts';
import { alternatives, describeExpr, ordinal, typeWord } from './describe.ts';
import { formatString } from './format.ts';
import { FUNCTIONS, type ParamSpec } from './functions.ts';
import { closestName } from './suggest.ts';
import { unify, type Checked, type CheckedExpr, type Report, type Ty } from './type-rules.ts';

function countWords(min: number, max: number): string {
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (max === Infinity) return `at least ${min} ${plural(min)}`;
  if (min === max) return `${min} ${plural(min)}`;
  return `${min} or ${max} arguments`;
}

function typesWord(types: readonly ValueType[]): string {
  return alternatives(types.map(typeWord));
}

/** The result type of `call` with its checked `args`; reports every problem with them. */
export function checkCall(call: CallExpr<Checked, object>, args: CheckedExpr[], report: Report): Ty {
  const spec = FUNCTIONS[call.name];
  const min = spec.required ?? spec.params.length;
  const max = spec.repeats ? Infinity : spec.params.length;
  if (args.length < min || args.length > max) {
    report(call, `${spec.name} takes ${countWords(min, max)}, as in ${spec.synopsis}, but was given ${args.length}`);
    return spec.result === 'same' ? 'unknown' : spec.result;
  }

  const facts: { type: ValueType; choice?: string }[] = [];
  let same: Ty = 'null';
  let first: CheckedExpr | undefined;
  let failed = false;
  args.forEach((arg, i) => {
    const param = (spec.params[i] ?? spec.params[spec.params.length - 1]) as ParamSpec;
    const which = `the ${ordinal(i)} argument of ${spec.name} (${param.name})`;
    if ('choices' in param) {
      const choices = alternatives(param.choices.map(formatString));
      if (arg.type === 'unknown') {
        failed = true;
      } else if (arg.kind !== 'literal' || arg.valueType !== 'string') {
        report(arg, `${which} must be one of ${choices}, in single quotes, as in ${spec.synopsis.replace(param.name, formatString(param.choices[0] as string))}`);
        failed = true;
      } else if (!param.choices.includes(arg.value)) {
        const closest = closestName(arg.value, param.choices);
        report(arg, `${formatString(arg.value)} is not a ${param.name} of ${spec.name}${closest === undefined ? '' : `; did you mean ${formatString(closest)}?`} (one of ${choices})`);
        failed = true;
      } else {
        facts.push({ type: 'string', choice: arg.value });
      }
      return;
    }
    if (arg.type !== 'unknown' && arg.type !== 'null' && !param.types.includes(arg.type)) {
      report(arg, `${which} must be ${typesWord(param.types)}, but ${describeExpr(arg)} is ${typeWord(arg.type)}`);
      failed = true;
      return;
    }
    if (arg.type === 'unknown') failed = true;
    else facts.push({ type: arg.type });
    if (!param.same) return;
    const common = unify(same, arg.type);
    const mismatch = common === undefined || (spec.exact === true && first !== undefined && arg.type !== 'null' && first.type !== 'null' && arg.type !== first.type);
    if (mismatch && first !== undefined) {
      report(arg, `the arguments of ${spec.name} must have the same type: ${describeExpr(first)} is ${typeWord(first.type)}, but ${describeExpr(arg)} is ${typeWord(arg.type)}`);
      failed = true;
      return;
    }
    same = common ?? same;
    if (first === undefined || first.type === 'null') first = arg;
  });

  if (!failed && spec.refine !== undefined) {
    const problem = spec.refine(facts);
    if (problem !== undefined) report(call, `${spec.name}: ${problem}`);
  }
  return spec.result === 'same' ? (failed ? 'unknown' : same) : spec.result;
}
