/**
 * Runs `work` when the page has nothing better to do (by `timeoutMs` at the latest, when given),
 * or after a moment where the browser cannot say (no requestIdleCallback). Returns what cancels it.
 */
export function whenIdle(work: () => void, timeoutMs?: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const idle = requestIdleCallback(() => work(), timeoutMs === undefined ? undefined : { timeout: timeoutMs });
    return () => cancelIdleCallback(idle);
  }
  const timer = setTimeout(work, 200);
  return () => clearTimeout(timer);
}
