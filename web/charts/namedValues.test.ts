import { describe, expect, it } from 'vitest';
import { codeField, codeOf, namedResult, valueWithName } from './namedValues.ts';
import type { ChartResult } from './chartConfig.ts';

const result = (labels: Record<string, Record<string, string>> | undefined, masked = false): ChartResult & { labels?: Record<string, Record<string, string>> } => ({
  columns: [
    { name: 'department', role: 'dimension', type: 'string', label: { zh: '科室', en: 'Department' }, ...(masked ? { masked: true } : {}) },
    { name: 'discharges', role: 'metric', type: 'integer', label: { zh: '出院人数', en: 'Discharges' } },
  ],
  rows: [{ department: '0101', discharges: 5 }, { department: '0102', discharges: 7 }, { department: '0199', discharges: 1 }, { department: null, discharges: 2 }],
  ...(labels ? { labels } : {}),
});

describe('namedResult', () => {
  it('shows names and keeps each code beside it', () => {
    const named = namedResult(result({ department: { '0101': '心血管内科', '0102': '呼吸内科' } }));
    expect(named.rows).toEqual([
      { department: '心血管内科', [codeField('department')]: '0101', discharges: 5 },
      { department: '呼吸内科', [codeField('department')]: '0102', discharges: 7 },
      // a code without a name stays a code; a missing value stays missing
      { department: '0199', [codeField('department')]: '0199', discharges: 1 },
      { department: null, discharges: 2 },
    ]);
    expect(named.rows.map((r) => codeOf(r, 'department'))).toEqual(['0101', '0102', '0199', null]);
  });

  it('writes a name two codes share with its code, so their marks stay apart', () => {
    const named = namedResult(result({ department: { '0101': '张伟', '0102': '张伟' } }));
    expect(named.rows.slice(0, 2).map((r) => r.department)).toEqual(['张伟（0101）', '张伟（0102）']);
  });

  it('leaves results without labels, and masked columns, as they are', () => {
    const plain = result(undefined);
    expect(namedResult(plain)).toBe(plain);
    const masked = result({ department: { '0101': '心血管内科' } }, true);
    expect(namedResult(masked).rows[0]!.department).toBe('0101');
    expect(codeOf({ department: '0101' }, 'department')).toBe('0101');
  });
});

describe('valueWithName', () => {
  it('writes a picker value with its name when it has one', () => {
    expect(valueWithName('0101', { '0101': '心血管内科' })).toBe('心血管内科（0101）');
    expect(valueWithName('0199', { '0101': '心血管内科' })).toBe('0199');
    expect(valueWithName(null, undefined)).toBe('');
  });
});
