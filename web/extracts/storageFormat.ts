import type { Extract, ExtractFormat } from '../api/types.ts';

const formatNames: Record<ExtractFormat, string> = {
  csv: 'CSV',
  xlsx: 'XLSX',
  parquet: 'Parquet',
  ndjson: 'NDJSON',
};

/**
 * How an extract is stored, as the names engineers know them (the same in every language).
 * The encoding is only worth mentioning when it is not UTF-8: a GB18030 file is the one that
 * comes out garbled when opened naively.
 */
export type StorageFormat = {
  format: string;
  encoding: string | null;
  compression: string | null;
};

export function storageFormat(extract: Pick<Extract, 'format' | 'encoding' | 'compression'>): StorageFormat {
  return {
    format: formatNames[extract.format] ?? extract.format,
    encoding: extract.encoding && extract.encoding !== 'utf-8' ? extract.encoding.toUpperCase() : null,
    compression: extract.compression,
  };
}
