import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/** Every tile's answer is cached under this prefix (`metricQueryResultKey`). */
const tileResults = ['query'];

/**
 * Whether the board's tiles have had their first answers (or failed), once `mounted` (the tiles
 * ask as they mount). Requests the reader is not waiting for (数据截至) wait for it: on a server
 * with few cores they would hold up the tiles' batch.
 */
export function useTilesAnswered(mounted: boolean): boolean {
  const client = useQueryClient();
  const fetching = useIsFetching({ queryKey: tileResults });
  const [answered, setAnswered] = useState(false);
  useEffect(() => {
    // The cache, not the rendered count: tiles mounted in this very commit have asked by now
    // (children's effects run before their parent's), but the count rendered before they did.
    if (mounted && !answered && client.isFetching({ queryKey: tileResults }) === 0) setAnswered(true);
  }, [client, mounted, answered, fetching]);
  return answered;
}
