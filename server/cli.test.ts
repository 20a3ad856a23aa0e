import { spawn } from 'node:child_process';
import { symlink, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.ts';

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
  const start = async (project: string) => {
    const child = spawn(process.execPath, ['bin/hbi.js', 'serve', '--project', project, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    // The account table follows the address in the same write.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stop = async () => {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      return exited;
    };
    return { address, output: () => output, stop };
  };

  it('creates an admin with a generated password on first start, serves until Ctrl-C, then exits cleanly', async () => {
    const project = join(root, 'project');
    await run(['generate', '--scale', '0.01', '--seed', '1', '--end', '2025-12-31', '--out', join(project, 'extracts')]);
    for (const entry of ['datasets', 'model', 'metrics']) await symlink(new URL(`../examples/hospital/${entry}`, import.meta.url).pathname, join(project, entry));
    const first = await start(project);
    const health = await (await fetch(`${first.address}/api/health`)).json();
    expect(health.status).toBe('ok');
    expect((await fetch(`${first.address}/api/extracts`)).status).toBe(401);
    const password = /^ {2}admin +(\S+) +admin/m.exec(first.output())?.[1];
    expect(password, first.output()).toMatch(/^[A-Za-z0-9]{16}$/);
    const login = await fetch(`${first.address}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const listing = await (await fetch(`${first.address}/api/extracts`, { headers: { cookie } })).json();
    expect(listing.extracts).toHaveLength(15);
    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('SIGINT: stopping');

    // The second start keeps the account (and its session) and shows no password.
    const second = await start(project);
    expect(second.output()).not.toContain(password);
    expect((await fetch(`${second.address}/api/extracts`, { headers: { cookie } })).status).toBe(200);
    expect(await second.stop()).toBe(0);
  });
});
