// GB18030/GBK bytes → UTF-8 bytes, chunk by chunk. Hospital extracts are mostly ASCII with
// Chinese in a few columns, and nearly all Chinese is GB18030's two-byte range, so a lookup table
// of the two-byte range (built once from iconv-lite) decodes twice as fast as iconv-lite itself;
// four-byte sequences, rare in practice, are handed to iconv-lite.
import iconv from 'iconv-lite';

let twoByteTable: Uint32Array | null = null;

/** UTF-8 bytes of each two-byte code (lead << 8 | trail), packed as length << 24 | bytes; 0 = not a character. */
function twoByteCodes(): Uint32Array {
  if (twoByteTable) return twoByteTable;
  const table = new Uint32Array(65536);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const text = iconv.decode(Buffer.from([lead, trail]), 'gb18030');
      if (text.length !== 1 || text === '\uFFFD') continue;
      const utf8 = Buffer.from(text, 'utf8');
      table[(lead << 8) | trail] = (utf8.length << 24) | (utf8[0]! << 16) | ((utf8[1] ?? 0) << 8) | (utf8[2] ?? 0);
    }
  }
  twoByteTable = table;
  return table;
}

export class InvalidGbBytesError extends Error {
  constructor(readonly byteOffset: number) {
    super(`invalid GB18030 bytes at byte ${byteOffset}`);
  }
}

export class GbToUtf8Transcoder {
  private readonly table = twoByteCodes();
  private pending: Buffer = Buffer.alloc(0);
  private consumed = 0;

  constructor(private readonly encoding: 'gb18030' | 'gbk') {}

  /** Transcodes a chunk; a character split across chunks is completed by the next one. */
  write(chunk: Buffer): Buffer {
    const input = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const out = Buffer.allocUnsafe(input.length * 2);
    let o = 0;
    let i = 0;
    const { table } = this;
    while (i < input.length) {
      const lead = input[i]!;
      if (lead < 0x80) {
        out[o++] = lead;
        i++;
        continue;
      }
      if (i + 1 >= input.length) break;
      const trail = input[i + 1]!;
      const code = lead >= 0x81 && lead <= 0xfe ? table[(lead << 8) | trail]! : 0;
      if (code !== 0) {
        out[o++] = (code >>> 16) & 0xff;
        out[o++] = (code >>> 8) & 0xff;
        if (code >>> 24 === 3) out[o++] = code & 0xff;
        i += 2;
        continue;
      }
      if (this.encoding === 'gb18030' && trail >= 0x30 && trail <= 0x39) {
        if (i + 3 >= input.length) break;
        const text = iconv.decode(input.subarray(i, i + 4), 'gb18030');
        if (text.includes('\uFFFD')) throw new InvalidGbBytesError(this.consumed + i);
        o += out.write(text, o, 'utf8');
        i += 4;
        continue;
      }
      throw new InvalidGbBytesError(this.consumed + i);
    }
    this.pending = Buffer.from(input.subarray(i));
    this.consumed += i;
    return out.subarray(0, o);
  }

  /** Ends the stream; bytes of an unfinished character are an error. */
  end(): void {
    if (this.pending.length > 0) throw new InvalidGbBytesError(this.consumed);
  }
}
