import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hbi-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = runCli;

describe('hbi generate', () => {
  it('writes a small hospital and reports what it wrote', async () => {
    const { code, out } = await run(['generate', '--scale', '0.01', '--seed', '7', '--end', '2025-12-31', '--out', join(root, 'h')]);
    expect(code).toBe(0);
    expect(out).toMatch(/generated 15 extracts, [\d,]+ rows, \d+ injected defects \(2024-01-01 … 2025-12-31\)/);
    const manifest = JSON.parse(await readFile(join(root, 'h', 'manifest.json'), 'utf8'));
    expect(manifest.seed).toBe(7);
  });

  it.each([
    [['generate', '--scale', 'big'], '--scale must be a number'],
    [['generate', '--scale', '0'], '--scale must be a number in (0, 10]'],
    [['generate', '--end', '2025-02-30'], '--end must be a date as YYYY-MM-DD'],
    [['generate', '--colour', 'red'], "Unknown option '--colour'"],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('refuses %j with a usage error', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('usage:');
  });

  it('prints its version', async () => {
    const { code, out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('hbi serve', () => {
  it('serves the project until Ctrl-C, then exits cleanly', async () => {
    await run(['generate', '--scale', '0.01', '--seed', '1', '--end', '2025-12-31', '--out', join(root, 'project', 'extracts')]);
    const child = spawn(process.execPath, ['bin/hbi.js', 'serve', '--project', join(root, 'project'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /serving (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
      });
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', () => reject(new Error(`hbi serve exited early: ${output}`)));
    });
    const health = await (await fetch(`${address}/api/health`)).json();
    expect(health.status).toBe('ok');
    const listing = await (await fetch(`${address}/api/extracts`)).json();
    expect(listing.extracts).toHaveLength(15);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGINT: stopping');
  });
});
