import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ServerEvent } from '../api/types.ts';
import { datasetsQueryKey } from '../api/useDatasets.ts';

/**
 * Live updates: listens to GET /api/events (server-sent events). When a load publishes new data
 * the server empties its result cache, so every tile's answer (`['query', …]`) and the datasets'
 * load times are asked again. Returns the last event seen, for the board's 数据截至 stamp.
 * EventSource reconnects by itself after a dropped connection.
 */
export function useDataPublished(enabled: boolean): ServerEvent | null {
  const client = useQueryClient();
  const [last, setLast] = useState<ServerEvent | null>(null);
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const events = new EventSource('/api/events');
    const received = (message: MessageEvent<string>) => {
      let event: ServerEvent;
      try {
        event = JSON.parse(message.data) as ServerEvent;
      } catch {
        return;
      }
      if (event.type !== 'data_published') return;
      setLast(event);
      void client.invalidateQueries({ queryKey: ['query'] });
      void client.invalidateQueries({ queryKey: datasetsQueryKey });
    };
    // The server may name its events or not: both reach here.
    events.addEventListener('data_published', received);
    events.onmessage = received;
    return () => events.close();
  }, [client, enabled]);
  return last;
}
