// A project's `access.yaml`: the row policies and column rules a new metadata store starts with,
// the demo accounts `hbi serve --demo` creates, and where department names are looked up. After
// the first start, admins change policies through the API; the file is not read again for them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { readYamlSpec } from '../../connectors/yaml-spec.ts';
import { roles, type ColumnRule, type Role, type RowPolicy } from '../store/metadata-store.ts';

export interface AccessConfig {
  /** The loaded dataset holding department codes and names, to show a user's department by name. */
  departments?: { dataset: string; code: string; name: string };
  rowPolicies: Omit<RowPolicy, 'id'>[];
  columnRules: Omit<ColumnRule, 'id'>[];
  demoUsers: { username: string; displayName: string; role: Role; department?: string }[];
}

const name = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } as const;
const role = { type: 'string', enum: [...roles] } as const;

export const accessConfigSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    departments: { type: 'object', required: ['dataset', 'code', 'name'], additionalProperties: false, properties: { dataset: name, code: name, name } },
    rowPolicies: {
      type: 'array',
      items: {
        type: 'object', required: ['role', 'dimension', 'userAttribute'], additionalProperties: false,
        properties: { role, dimension: name, userAttribute: { type: 'string', enum: ['department'] }, exempt: { type: 'array', items: name } },
      },
    },
    columnRules: {
      type: 'array',
      items: { type: 'object', required: ['role', 'dataset', 'column'], additionalProperties: false, properties: { role, dataset: name, column: name } },
    },
    demoUsers: {
      type: 'array',
      items: {
        type: 'object', required: ['username', 'displayName', 'role'], additionalProperties: false,
        properties: { username: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' }, displayName: { type: 'string', minLength: 1 }, role, department: { type: 'string' } },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, useDefaults: true }).compile(accessConfigSchema);

/** The project's access.yaml, or no policies and no demo users when there is none. */
export async function readAccessConfig(projectDir: string): Promise<AccessConfig> {
  const file = join(projectDir, 'access.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { rowPolicies: [], columnRules: [], demoUsers: [] };
    throw error;
  }
  const { value } = readYamlSpec<Partial<AccessConfig> | null>(file, text, validate);
  return {
    ...(value?.departments ? { departments: value.departments } : {}),
    rowPolicies: (value?.rowPolicies ?? []).map((p) => ({ ...p, exempt: p.exempt ?? [] })),
    columnRules: value?.columnRules ?? [],
    demoUsers: value?.demoUsers ?? [],
  };
}
