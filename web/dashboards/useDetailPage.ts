import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { QueryCell } from '../api/types.ts';
import { useSendJson } from '../api/useSession.ts';
import type { DetailRequest } from './boardQuery.ts';

/** POST /api/query/detail's reply (server/query/query-schemas.ts `detailPageSchema`): one page of rows, masked by the server. */
export type DetailPage = {
  metric: string;
  dataset: string;
  columns: { name: string; type: string; label?: { zh: string; en: string }; pii?: string; masked?: boolean }[];
  rows: Record<string, QueryCell>[];
  total: number;
  offset: number;
  limit: number;
  metricVersion: number;
  dataVersion: number | null;
};

/** The detail rows behind a number, a page at a time; the previous page stays shown while the next loads. */
export function useDetailPage(request: DetailRequest | null) {
  const send = useSendJson();
  return useQuery({
    queryKey: ['queryDetail', request],
    queryFn: () => send<DetailPage>('POST', '/api/query/detail', request),
    enabled: request !== null,
    placeholderData: keepPreviousData,
  });
}
