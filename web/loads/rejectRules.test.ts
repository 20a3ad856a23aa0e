import { describe, expect, it } from 'vitest';
// Types only: the web never runs connectors/ code, but must know every rule it can report.
import type { RejectRule } from '../../connectors/standardize.ts';
import { createI18n } from '../i18n/createI18n.ts';
import { isKnownRejectRule, knownRejectRules, type KnownRejectRule } from './rejectRules.ts';

// Fails to compile when connectors/ adds or renames a rule and this list is not updated.
const everyLoaderRule: Record<RejectRule, true> = {
  required: true,
  unmapped_code: true,
  invalid_integer: true,
  invalid_decimal: true,
  invalid_boolean: true,
  invalid_date: true,
  invalid_timestamp: true,
  out_of_range: true,
  not_allowed: true,
  pattern_mismatch: true,
  invalid_id_number: true,
  rule_violation: true,
  duplicate_key: true,
  unknown_reference: true,
};
const sameRules: [RejectRule] extends [KnownRejectRule] ? ([KnownRejectRule] extends [RejectRule] ? true : false) : false = true;

describe('reject rules', () => {
  it('knows exactly the rules the loader reports', () => {
    expect(sameRules).toBe(true);
    expect([...knownRejectRules].sort()).toEqual(Object.keys(everyLoaderRule).sort());
    expect(isKnownRejectRule('duplicate_key')).toBe(true);
    expect(isKnownRejectRule('toString')).toBe(false);
    expect(isKnownRejectRule('')).toBe(false);
  });

  it('has a Chinese label for every rule, the ones data stewards know', () => {
    const { t } = createI18n('zh-CN');
    expect(Object.fromEntries(knownRejectRules.map((rule) => [rule, t(`loads.rules.${rule}`)]))).toEqual({
      required: '必填缺失',
      duplicate_key: '主键重复',
      unmapped_code: '未映射编码',
      invalid_date: '日期无效',
      invalid_timestamp: '时间无效',
      invalid_integer: '整数无效',
      invalid_decimal: '小数无效',
      invalid_boolean: '布尔值无效',
      out_of_range: '超出范围',
      not_allowed: '不在允许值中',
      pattern_mismatch: '格式不符',
      invalid_id_number: '身份证号校验失败',
      rule_violation: '违反行规则',
      unknown_reference: '引用不存在',
    });
  });

  it('has a distinct English label for every rule', () => {
    const { t } = createI18n('en');
    const labels = knownRejectRules.map((rule) => t(`loads.rules.${rule}`));
    expect(new Set(labels).size).toBe(knownRejectRules.length);
    for (const label of labels) expect(label).toMatch(/^[A-Z][a-zA-Z ]+$/);
  });
});

describe('load statuses', () => {
  it('are named in both languages, refused and failed told apart from loaded', () => {
    const zh = createI18n('zh-CN');
    const en = createI18n('en');
    const statuses = ['loaded', 'refused', 'failed'] as const;
    expect(statuses.map((status) => zh.t(`loads.status.${status}`))).toEqual(['已加载', '拒绝加载', '加载失败']);
    expect(statuses.map((status) => en.t(`loads.status.${status}`))).toEqual(['Loaded', 'Refused', 'Failed']);
  });
});
