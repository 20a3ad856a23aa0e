// A generic webhook: the notices as JSON, signed so the receiver can tell HBI sent them. The
// signature is HMAC-SHA256 over `<timestamp>.<body>` with the shared secret, hex, in
// `X-HBI-Signature: sha256=…`, the timestamp (ms) in `X-HBI-Timestamp`; a receiver recomputes it
// over the raw body and refuses old timestamps (replays).
import { createHmac } from 'node:crypto';
import type { ChannelConfig } from '../alerts/alert-rule.ts';
import { postJson, secretFrom, urlSecrets, type Channel } from './channel.ts';

export const signatureHeader = 'x-hbi-signature';
export const timestampHeader = 'x-hbi-timestamp';

export function webhookSignature(timestamp: number, body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhook(config: Extract<ChannelConfig, { kind: 'webhook' }>, env: Record<string, string | undefined>, clock: () => Date): Channel {
  return {
    name: config.name, kind: 'webhook',
    async send(message) {
      const url = secretFrom(env, config.name, config.urlEnv);
      const secret = secretFrom(env, config.name, config.secretEnv);
      const payload = { title: message.title, text: message.text, notices: message.notices };
      const timestamp = clock().getTime();
      // Signed over the exact text sent: postJson serializes the same value the same way.
      const signature = webhookSignature(timestamp, JSON.stringify(payload), secret);
      await postJson(config.name, url, payload, [...urlSecrets(url), secret], { [signatureHeader]: signature, [timestampHeader]: String(timestamp) });
    },
  };
}
