import { describe, expect, it } from 'vitest';
import { storageFormat } from './storageFormat.ts';

describe('storageFormat', () => {
  it('names the format and hides UTF-8, the expected encoding', () => {
    expect(storageFormat({ format: 'csv', encoding: 'utf-8', compression: null })).toEqual({
      format: 'CSV',
      encoding: null,
      compression: null,
    });
  });

  it('shows an encoding other than UTF-8 and the compression', () => {
    expect(storageFormat({ format: 'csv', encoding: 'gb18030', compression: 'gzip' })).toEqual({
      format: 'CSV',
      encoding: 'GB18030',
      compression: 'gzip',
    });
  });

  it('has nothing to say about encoding for binary formats', () => {
    expect(storageFormat({ format: 'parquet', encoding: null, compression: null }).encoding).toBeNull();
    expect(storageFormat({ format: 'xlsx', encoding: null, compression: null }).format).toBe('XLSX');
    expect(storageFormat({ format: 'ndjson', encoding: 'utf-8', compression: 'gzip' })).toEqual({
      format: 'NDJSON',
      encoding: null,
      compression: 'gzip',
    });
  });
});
