// Counts the records of text extracts straight from the bytes on disk. CSV records may hold
// quoted line breaks, so quotes are tracked; GB18030 and UTF-8 never use the bytes of '"' or
// '\n' inside a multi-byte character, so one byte scanner serves every encoding we read.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function open(path: string, gzip: boolean): Readable {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  return gzip ? file.pipe(createGunzip()) : file;
}

/** Non-empty lines (records) of a delimited or NDJSON file, the header line included. */
export async function countRecords(path: string, options: { gzip?: boolean; quoted?: boolean } = {}): Promise<number> {
  const quoted = options.quoted ?? true;
  let records = 0;
  let inQuotes = false;
  let lineHasContent = false;
  for await (const chunk of open(path, options.gzip ?? false) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (quoted && byte === QUOTE) {
        inQuotes = !inQuotes;
        lineHasContent = true;
      } else if (byte === NEWLINE && !inQuotes) {
        if (lineHasContent) records++;
        lineHasContent = false;
      } else if (byte !== CARRIAGE_RETURN) {
        lineHasContent = true;
      }
    }
  }
  return lineHasContent ? records + 1 : records;
}
