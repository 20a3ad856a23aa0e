import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { GbToUtf8Transcoder, InvalidGbBytesError } from './gb-transcoder.ts';

const sample = '就诊流水号,患者ID,科室名称\r\nMZ1,P1,心血管内科\r\n𠀀 four-byte: €¤ 〇 ㄅ ﹏ 龘 — ASCII only line\r\n';

function transcodeInChunks(bytes: Buffer, size: number, encoding: 'gb18030' | 'gbk' = 'gb18030'): string {
  const transcoder = new GbToUtf8Transcoder(encoding);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(transcoder.write(bytes.subarray(i, i + size)));
  transcoder.end();
  return Buffer.concat(parts).toString('utf8');
}

describe('GbToUtf8Transcoder', () => {
  it('decodes exactly as iconv-lite, whatever the chunk boundaries', () => {
    const bytes = iconv.encode(sample, 'gb18030');
    for (const size of [1, 2, 3, 5, 7, 64, bytes.length]) expect(transcodeInChunks(bytes, size), `chunks of ${size}`).toBe(sample);
  });

  it('decodes every two-byte GB18030 character as iconv-lite does', () => {
    const bytes: number[] = [];
    for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) bytes.push(lead, trail);
    const buffer = Buffer.from(bytes);
    const expected = iconv.decode(buffer, 'gb18030');
    if (!expected.includes('\uFFFD')) expect(transcodeInChunks(buffer, 4096)).toBe(expected);
    else expect(() => transcodeInChunks(buffer, 4096)).toThrow(InvalidGbBytesError);
  });

  it('reads GBK text', () => {
    const text = '性别,科室\r\n男,心内科\r\n';
    expect(transcodeInChunks(iconv.encode(text, 'gbk'), 3, 'gbk')).toBe(text);
  });

  it('names the byte offset of bytes that are not GB18030, and of a character cut off at the end', () => {
    const bad = Buffer.concat([Buffer.from('abc'), Buffer.from([0x81, 0x20]), Buffer.from('def')]);
    expect(() => transcodeInChunks(bad, 2)).toThrow(expect.objectContaining({ byteOffset: 3 }));
    const cut = Buffer.concat([Buffer.from('ab'), iconv.encode('心', 'gb18030').subarray(0, 1)]);
    expect(() => transcodeInChunks(cut, 10)).toThrow(expect.objectContaining({ byteOffset: 2 }));
  });
});
