import { describe, expect, it } from 'vitest';
import { d3AxisFormat, d3ValueFormat, formatMetricValue } from './metricValueFormat.ts';

describe('metric value formats', () => {
  it('map the model formats to d3-format patterns', () => {
    expect(['percent', 'integer', '0.0', '0.00', '0', undefined, 'odd'].map(d3ValueFormat)).toEqual(['.1%', ',d', ',.1f', ',.2f', ',.0f', ',.4~g', ',.4~g']);
    expect(d3AxisFormat('percent')).toBe('.0%');
    expect(d3AxisFormat('0.00')).toBe(',.2f');
  });

  it('write values the language’s way', () => {
    expect(formatMetricValue(0.8225806, 'percent', 'zh-CN')).toBe('82.3%');
    expect(formatMetricValue(12345, 'integer', 'en')).toBe('12,345');
    expect(formatMetricValue(7.256, '0.00', 'zh-CN')).toBe('7.26');
    expect(formatMetricValue(1 / 3, undefined, 'en')).toBe('0.333333');
  });
});
