// The reasons a row is rejected, as connectors/ names them. Each has a label in every language
// (messages `loads.rules.*`); a rule this list does not know yet is shown by its name.

export const knownRejectRules = [
  'required',
  'duplicate_key',
  'unmapped_code',
  'invalid_date',
  'invalid_timestamp',
  'invalid_integer',
  'invalid_decimal',
  'invalid_boolean',
  'out_of_range',
  'not_allowed',
  'pattern_mismatch',
  'invalid_id_number',
  'rule_violation',
  'unknown_reference',
] as const;

export type KnownRejectRule = (typeof knownRejectRules)[number];

export function isKnownRejectRule(rule: string): rule is KnownRejectRule {
  return (knownRejectRules as readonly string[]).includes(rule);
}
