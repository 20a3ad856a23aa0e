// A channel sends one rendered message somewhere: a WeCom or DingTalk group robot, a webhook, or
// e-mail. Its configuration names secrets only by environment variable; the values are read when
// the channel is opened and never leave it: every error a channel throws has them removed.
import type { ChannelConfig } from '../alerts/alert-rule.ts';
import type { OutboundMessage } from './message.ts';

export interface Channel {
  name: string;
  kind: ChannelConfig['kind'];
  /** Resolves once the receiver accepted the message; throws DeliveryError otherwise. */
  send(message: OutboundMessage): Promise<void>;
}

/** A message the receiver did not take, with why; no secret is in its text. */
export class DeliveryError extends Error {}

/** `text` with each secret (and its URL-encoded form) replaced by `***`. */
export function redact(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length >= 4)
    .flatMap((s) => [s, encodeURIComponent(s)])
    .sort((a, b) => b.length - a.length)
    .reduce((out, secret) => out.split(secret).join('***'), text);
}

/** A URL read from a secret, and the parts of it that are secrets on their own (a robot's key or token, a password). */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [url, ...parsed.searchParams.values(), decodeURIComponent(parsed.password), decodeURIComponent(parsed.username)].filter((s) => s !== '');
  } catch {
    return [url];
  }
}

/** Reads an environment variable a channel names, or says which one to set. */
export function secretFrom(env: Record<string, string | undefined>, channel: string, variable: string): string {
  const value = env[variable];
  if (value === undefined || value === '') throw new DeliveryError(`channel ${channel}: the environment variable ${variable} is not set; set it where the server starts`);
  return value;
}

/** Posts JSON; a receiver's non-2xx answer or its own error code is a DeliveryError, secrets removed. */
export async function postJson(channel: string, url: string, body: unknown, secrets: string[], headers: Record<string, string> = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: Error }).cause;
    throw new DeliveryError(redact(`channel ${channel}: could not reach the receiver: ${(error as Error).message}${cause ? ` (${cause.message})` : ''}`, secrets));
  }
  const text = await response.text();
  if (!response.ok) throw new DeliveryError(redact(`channel ${channel}: the receiver answered ${response.status}: ${text.slice(0, 300)}`, secrets));
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return text;
  }
}

/** Group robots answer 200 with `errcode` 0, or an error code and message (e.g. 45009: too many messages). */
export function robotAnswer(channel: string, answer: unknown, secrets: string[]): void {
  const { errcode, errmsg } = (answer ?? {}) as { errcode?: number; errmsg?: string };
  if (errcode !== 0) throw new DeliveryError(redact(`channel ${channel}: the robot refused the message: ${errcode ?? 'no errcode'} ${errmsg ?? ''}`.trim(), secrets));
}
