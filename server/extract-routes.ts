import type { FastifyPluginAsync } from 'fastify';
import { ExtractFolderError, type ExtractInventory } from '../connectors/extract-inventory.ts';
import type { ExtractListing } from '../web/api/types.ts';
import { errorSchema } from './error-schema.ts';
import { signedIn } from './auth/authentication.ts';
import { accessOf } from './access/user-access.ts';
import type { MetadataStore } from './store/metadata-store.ts';

const title = { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;

const extractListingSchema = {
  type: 'object',
  required: ['generation', 'extracts'],
  properties: {
    withheld: { type: 'boolean' },
    generation: {
      type: ['object', 'null'],
      required: ['seed', 'scale', 'from', 'to', 'generatedAt'],
      properties: {
        seed: { type: 'number' }, scale: { type: 'number' }, from: { type: 'string' }, to: { type: 'string' }, generatedAt: { type: 'string' },
      },
    },
    extracts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'title', 'sourceSystem', 'format', 'encoding', 'compression', 'files', 'sizeBytes', 'rows', 'defects'],
        properties: {
          name: { type: 'string' },
          title,
          sourceSystem: { type: 'string' },
          format: { type: 'string', enum: ['csv', 'xlsx', 'parquet', 'ndjson'] },
          encoding: { type: ['string', 'null'] },
          compression: { type: ['string', 'null'] },
          files: {
            type: 'array',
            items: {
              type: 'object', required: ['path', 'sizeBytes', 'rows'],
              properties: { path: { type: 'string' }, sizeBytes: { type: 'number' }, rows: { type: 'number' } },
            },
          },
          sizeBytes: { type: 'number' },
          rows: { type: 'number' },
          defects: { type: 'number' },
        },
      },
    },
  },
} as const;

/**
 * The extracts are whole-hospital files: their record counts and sizes tell how many visits,
 * infections … every department had. A reader under a row policy (a department's analyst) gets
 * the generation but no extracts.
 */
export const extractRoutes: FastifyPluginAsync<{ inventory: ExtractInventory; store: MetadataStore }> = async (app, { inventory, store }) => {
  app.get('/extracts', { schema: { response: { 200: extractListingSchema, 500: errorSchema } } }, async (request, reply): Promise<ExtractListing | void> => {
    try {
      const access = await accessOf(signedIn(request), store.policies);
      const survey = await inventory.survey();
      if (access.scope.rowFilters.length > 0) return { generation: survey.generation, extracts: [], withheld: true };
      return survey;
    } catch (error) {
      if (error instanceof ExtractFolderError) {
        request.log.error(error);
        return reply.code(500).send({ statusCode: 500, error: 'Extract folder unreadable', message: error.message });
      }
      throw error;
    }
  });
};
