import { useQuery } from '@tanstack/react-query';
import { getJson } from './request.ts';
import type { HealthReport } from './types.ts';

export const healthQueryKey = ['health'] as const;

/** Server status and version. The version does not change while the page is open. */
export function useHealth() {
  return useQuery({
    queryKey: healthQueryKey,
    queryFn: ({ signal }) => getJson<HealthReport>('/api/health', signal),
    staleTime: Infinity,
  });
}
