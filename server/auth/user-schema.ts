import { roles } from '../store/metadata-store.ts';

export const userSchema = {
  type: 'object', required: ['username', 'displayName', 'role', 'department', 'disabled', 'createdAt'],
  properties: {
    username: { type: 'string' }, displayName: { type: 'string' }, role: { type: 'string', enum: [...roles] },
    department: { type: ['string', 'null'] }, disabled: { type: 'boolean' }, createdAt: { type: 'string' },
  },
} as const;
