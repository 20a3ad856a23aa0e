// What a new metadata store starts with. Passwords are generated here, never shipped: the demo
// accounts' are kept in data/demo-accounts.json (readable by the owner only) so every demo start
// can print them; outside the demo, the first admin's password is shown once.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetadataStore } from '../store/metadata-store.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import type { AccessConfig } from './access-config.ts';

export interface Account { username: string; displayName: string; role: string; department: string | null; password: string | null }

const demoAccountsFile = (projectDir: string) => join(projectDir, 'data', 'demo-accounts.json');

/**
 * Seeds a store that has no users: the policies of access.yaml, then the demo accounts (`demo`)
 * or one admin. Returns the accounts to show, with passwords where they are known.
 */
export async function prepareAccounts(store: MetadataStore, config: AccessConfig, projectDir: string, demo: boolean): Promise<Account[]> {
  const isNew = (await store.users.list()).length === 0;
  if (isNew) await store.policies.replace(config.rowPolicies, config.columnRules);
  if (!demo) {
    if (!isNew) return [];
    const password = generatePassword();
    await store.users.create({ username: 'admin', displayName: 'Administrator', role: 'admin', department: null, disabled: false, passwordHash: await hashPassword(password) });
    return [{ username: 'admin', displayName: 'Administrator', role: 'admin', department: null, password }];
  }
  const known = await readDemoPasswords(projectDir);
  const accounts: Account[] = [];
  for (const demoUser of config.demoUsers) {
    const department = demoUser.department ?? null;
    let password = known[demoUser.username] ?? null;
    if (!await store.users.get(demoUser.username)) {
      password = generatePassword();
      await store.users.create({ ...demoUser, department, disabled: false, passwordHash: await hashPassword(password) });
    }
    accounts.push({ ...demoUser, department, password });
  }
  await writeFile(demoAccountsFile(projectDir), `${JSON.stringify(Object.fromEntries(accounts.filter((a) => a.password).map((a) => [a.username, a.password])), null, 2)}\n`, { mode: 0o600 });
  return accounts;
}

async function readDemoPasswords(projectDir: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(demoAccountsFile(projectDir), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}
