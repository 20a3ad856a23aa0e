// Test support: runs the `hbi` command line in-process and captures what it prints.
import { PassThrough } from 'node:stream';
import { main } from '../cli.ts';

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c) => (chunks.out += c));
  err.on('data', (c) => (chunks.err += c));
  const code = await main(args, { out, err });
  return { code, ...chunks };
}
