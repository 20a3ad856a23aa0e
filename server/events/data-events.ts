// What the server tells open pages without being asked: a load published new data. Boards in
// TV mode listen (GET /api/events) and re-ask their tiles instead of polling.
import type { ServerEvent } from '../../web/api/types.ts';

export type ServerEventListener = (event: ServerEvent) => void;

export class ServerEvents {
  private readonly listeners = new Set<ServerEventListener>();

  /** Calls `listener` with every later event until the returned function is called. */
  subscribe(listener: ServerEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: ServerEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
