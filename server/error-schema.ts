/** Every non-2xx JSON reply: what failed and what to do, in `message`. */
export const errorSchema = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: { statusCode: { type: 'number' }, error: { type: 'string' }, message: { type: 'string' } },
} as const;
