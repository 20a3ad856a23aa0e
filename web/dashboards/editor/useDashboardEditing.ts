// The dashboards API as the list and the editor use it: one query per resource, one mutation per
// change, each keeping the caches in step with what the server answered.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, getJson } from '../../api/request.ts';
import type { Dashboard, DashboardDefinition, DashboardShare, DashboardVersion, ShareLink } from '../../api/types.ts';
import { cachedSession, useSendJson } from '../../api/useSession.ts';
import { dashboardsQueryKey } from '../../api/useDashboardListing.ts';
// The readers' board and the editor share one cache entry per board.
import { dashboardQueryKey, homeDashboardQueryKey } from '../useDashboard.ts';

const versionsQueryKey = (id: string) => ['dashboards', id, 'versions'] as const;
const path = (id: string) => `/api/dashboards/${encodeURIComponent(id)}`;

/**
 * One board with its draft. Not refetched on window focus: the editor holds the definition being
 * edited, and a refetch must not look like someone else's change.
 */
export function useDashboard(id: string) {
  return useQuery({ queryKey: dashboardQueryKey(id), queryFn: ({ signal }) => getJson<Dashboard>(path(id), signal), refetchOnWindowFocus: false });
}

export function useDashboardVersions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: versionsQueryKey(id),
    queryFn: ({ signal }) => getJson<{ versions: DashboardVersion[] }>(`${path(id)}/versions`, signal),
    enabled,
  });
}

/** Every change answers with the board as it now is: that becomes the cached board, and the list and the home board are asked again. */
function useBoardChange<V>(change: (variables: V) => Promise<Dashboard>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: (board) => {
      client.setQueryData(dashboardQueryKey(board.id), board);
      void client.invalidateQueries({ queryKey: dashboardsQueryKey, exact: true });
      void client.invalidateQueries({ queryKey: homeDashboardQueryKey });
      void client.invalidateQueries({ queryKey: versionsQueryKey(board.id) });
    },
  });
}

export function useCreateDashboard() {
  const send = useSendJson();
  return useBoardChange((definition: DashboardDefinition) => send<Dashboard>('POST', '/api/dashboards', { definition }));
}

export function useSaveDraft(id: string) {
  const send = useSendJson();
  return useBoardChange((definition: DashboardDefinition) => send<Dashboard>('PUT', `${path(id)}/draft`, { definition }));
}

/** Publishes the draft; the definition is saved as the draft first when it has unsaved changes. */
export function usePublish(id: string) {
  const send = useSendJson();
  return useBoardChange(async ({ note, unsaved }: { note: string; unsaved: DashboardDefinition | null }) => {
    if (unsaved) await send<Dashboard>('PUT', `${path(id)}/draft`, { definition: unsaved });
    return send<Dashboard>('POST', `${path(id)}/publish`, note.trim() === '' ? {} : { note: note.trim() });
  });
}

export function useRestoreVersion(id: string) {
  const send = useSendJson();
  return useBoardChange((version: number) => send<Dashboard>('POST', `${path(id)}/versions/${version}/restore`));
}

export function useSetShares(id: string) {
  const send = useSendJson();
  return useBoardChange((shares: DashboardShare[]) => send<Dashboard>('PUT', `${path(id)}/shares`, { shares }));
}

export function useCreateShareLink(id: string) {
  const send = useSendJson();
  return useMutation({ mutationFn: (expiresInDays: number) => send<ShareLink>('POST', `${path(id)}/links`, { expiresInDays }) });
}

export function useDeleteDashboard() {
  const send = useSendJson();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send<void>('DELETE', path(id)),
    onSuccess: (_nothing, id) => {
      client.removeQueries({ queryKey: dashboardQueryKey(id) });
      void client.invalidateQueries({ queryKey: dashboardsQueryKey, exact: true });
      void client.invalidateQueries({ queryKey: homeDashboardQueryKey });
    },
  });
}

/**
 * POST /api/dashboards/import takes the YAML file as it is (not JSON), so it goes through fetch
 * here rather than sendJson; failures become ApiErrors with the server's words, like elsewhere.
 */
export function useImportDashboard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (yaml: string) => {
      const url = '/api/dashboards/import';
      const csrf = cachedSession(client)?.csrfToken;
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/yaml', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
          body: yaml,
        });
      } catch (cause) {
        throw new ApiError(`${url}: ${cause instanceof Error ? cause.message : String(cause)}`, url, null);
      }
      const body: unknown = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : null;
      if (!response.ok) {
        const message = typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : `${url}: HTTP ${response.status}`;
        throw new ApiError(message, url, response.status);
      }
      return body as Dashboard;
    },
    onSuccess: (board) => {
      client.setQueryData(dashboardQueryKey(board.id), board);
      void client.invalidateQueries({ queryKey: dashboardsQueryKey, exact: true });
      void client.invalidateQueries({ queryKey: homeDashboardQueryKey });
    },
  });
}
