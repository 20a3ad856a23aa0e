// Long-lived responses (server-sent events) outlive the request that opened them: the session
// checked then may end later (logout, expiry, a disabled user, a narrowed role). A watch re-reads
// the session every so often and ends the stream once it no longer holds.
import type { FastifyRequest } from 'fastify';
import type { MetadataStore } from '../store/metadata-store.ts';

/** Calls `tick` every `ms` until the returned function is called; tests pass their own and tick by hand. */
export type Ticker = (ms: number, tick: () => void) => () => void;

export const intervalTicker: Ticker = (ms, tick) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** How often an open stream re-checks its session. */
export const sessionCheckMs = 60_000;

/** Calls `ended` (once) when the request's session or its user's standing no longer holds. */
export function watchSession(store: MetadataStore, request: FastifyRequest, ticker: Ticker, ended: () => void): () => void {
  const opened = request.session;
  const user = request.user;
  let done = false;
  const stop = ticker(sessionCheckMs, () => {
    void (async () => {
      const session = opened ? await store.sessions.get(opened.tokenHash, new Date()) : null;
      const now = session ? await store.users.get(session.username) : null;
      const holds = session !== null && now !== null && !now.disabled && now.role === user?.role && now.department === user?.department;
      if (holds || done) return;
      done = true;
      stop();
      ended();
    })().catch((error: unknown) => request.log.error(error));
  });
  return () => {
    done = true;
    stop();
  };
}
