import { useQuery } from '@tanstack/react-query';
import { getJson } from './request.ts';
import type { ExtractListing } from './types.ts';

export const extractsQueryKey = ['extracts'] as const;

/** The departmental extracts the server found in its extracts directory. */
export function useExtracts() {
  return useQuery({
    queryKey: extractsQueryKey,
    queryFn: ({ signal }) => getJson<ExtractListing>('/api/extracts', signal),
  });
}
