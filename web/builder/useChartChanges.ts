import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SavedChart } from '../api/types.ts';
import { chartsQueryKey } from '../api/useCharts.ts';
import { useSendJson } from '../api/useSession.ts';
import { savedChartQueryKey } from './useSavedChart.ts';

type ChartBody = Pick<SavedChart, 'name' | 'description' | 'config'>;

/** Saves a chart: a new one (POST), or changes to one the user owns (PUT). The saved chart goes into the cache it is reopened from. */
export function useSaveChart() {
  const client = useQueryClient();
  const send = useSendJson();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: ChartBody }) =>
      id === null ? send<SavedChart>('POST', '/api/charts', body) : send<SavedChart>('PUT', `/api/charts/${encodeURIComponent(id)}`, body),
    onSuccess: (saved) => {
      client.setQueryData(savedChartQueryKey(saved.id), saved);
      void client.invalidateQueries({ queryKey: chartsQueryKey, exact: true });
    },
  });
}

/** A copy of a saved chart under a new name, owned by the user. */
export function useDuplicateChart() {
  const client = useQueryClient();
  const send = useSendJson();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => send<SavedChart>('POST', `/api/charts/${encodeURIComponent(id)}/duplicate`, { name }),
    onSuccess: (copy) => {
      client.setQueryData(savedChartQueryKey(copy.id), copy);
      void client.invalidateQueries({ queryKey: chartsQueryKey, exact: true });
    },
  });
}
