import { describe, expect, it } from 'vitest';
import { maskValue } from './masking.ts';

describe('maskValue', () => {
  it.each([
    ['name', '张三', '张*'],
    ['name', '欧阳娜娜', '欧***'],
    ['id_number', '11010519491231002X', '**************002X'],
    ['phone', '13812345678', '138****5678'],
    ['address', '四川省成都市武侯区人民南路12号3栋2单元1201室', '四川省成都市***'],
    ['address', '重庆市渝中区解放碑1号', '重庆市***'],
    ['address', '新疆维吾尔自治区乌鲁木齐市天山区1号', '新疆维吾尔自治区乌鲁木齐市***'],
    ['address', '人民南路12号', '***'],
    ['birth_date', '1949-12-31', '1949'],
    ['mrn', 'P00012345', 'P0*****45'],
  ] as const)('masks %s %s as %s', (tag, value, masked) => {
    expect(maskValue(tag, value)).toBe(masked);
  });

  it('keeps empty values empty', () => {
    expect(maskValue('name', null)).toBeNull();
    expect(maskValue('phone', '')).toBe('');
  });
});
