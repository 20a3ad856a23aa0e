// E-mail through an SMTP server with nodemailer. The server's URL (smtp[s]://user:password@host:port)
// is the secret, read from an environment variable; one transport per channel, reused.
import nodemailer from 'nodemailer';
import type { ChannelConfig } from '../alerts/alert-rule.ts';
import { DeliveryError, redact, secretFrom, urlSecrets, type Channel } from './channel.ts';

export function emailChannel(config: Extract<ChannelConfig, { kind: 'email' }>, env: Record<string, string | undefined>): Channel & { close(): void } {
  let transport: ReturnType<typeof nodemailer.createTransport> | null = null;
  return {
    name: config.name, kind: 'email',
    async send(message) {
      const url = secretFrom(env, config.name, config.smtpUrlEnv);
      const secrets = urlSecrets(url);
      transport ??= nodemailer.createTransport(url);
      try {
        await transport.sendMail({ from: config.from, to: config.to, subject: message.title, text: message.text });
      } catch (error) {
        throw new DeliveryError(redact(`channel ${config.name}: the SMTP server did not take the mail: ${(error as Error).message}`, secrets));
      }
    },
    close() {
      transport?.close();
      transport = null;
    },
  };
}
