import { describe, expect, it } from 'vitest';
import { d3NumberFormat, formatNumber, numberFormatOf } from './numberFormat.ts';
import { alos, bedOccupancy, discharges } from './testing/hospitalResults.ts';

describe('number formats', () => {
  it('turns the metric definitions’ formats into d3 specifiers', () => {
    expect(d3NumberFormat('percent')).toBe('.1%');
    expect(d3NumberFormat('integer')).toBe(',.0f');
    expect(d3NumberFormat('0.0')).toBe(',.1f');
    expect(d3NumberFormat('0.00')).toBe(',.2f');
    expect(d3NumberFormat('decimal1')).toBe(',.1f');
    expect(d3NumberFormat(undefined)).toBe(',.2~f');
  });

  it('writes the same digits with Intl for tables and cards', () => {
    expect(formatNumber(0.9124, 'percent', 'zh-CN')).toBe('91.2%');
    expect(formatNumber(1_234_567, 'integer', 'zh-CN')).toBe('1,234,567');
    expect(formatNumber(8.4, '0.00', 'en')).toBe('8.40');
    expect(formatNumber(3.14159, undefined, 'en')).toBe('3.14');
    expect(formatNumber(3, undefined, 'en')).toBe('3');
    expect(formatNumber(10_534, 'integer', 'zh-CN', true)).toBe('+10,534');
    expect(formatNumber(-0.0367, 'percent', 'en', true)).toBe('-3.7%');
    expect(formatNumber(0, 'percent', 'en', true)).toBe('0.0%');
  });

  it('passes masked values through', () => {
    expect(formatNumber('1**', 'integer', 'zh-CN')).toBe('1**');
  });

  it('lets the chart override a metric’s format', () => {
    expect(numberFormatOf(alos, {})).toBe('0.00');
    expect(numberFormatOf(alos, { numberFormat: { alos: 'decimal1' } })).toBe('decimal1');
    expect(numberFormatOf(discharges, { numberFormat: { alos: 'decimal1' } })).toBe('integer');
    expect(numberFormatOf(bedOccupancy, {})).toBe('percent');
  });
});
