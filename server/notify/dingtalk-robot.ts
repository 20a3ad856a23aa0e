// A DingTalk (钉钉) group robot with 加签 security: each request carries `timestamp` (ms) and
// `sign` = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), URL-encoded, as DingTalk's
// robot documentation specifies; DingTalk refuses a timestamp more than an hour off.
import { createHmac } from 'node:crypto';
import type { ChannelConfig } from '../alerts/alert-rule.ts';
import { postJson, robotAnswer, secretFrom, urlSecrets, type Channel } from './channel.ts';

export function dingtalkSign(timestamp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export function dingtalkRobot(config: Extract<ChannelConfig, { kind: 'dingtalk' }>, env: Record<string, string | undefined>, clock: () => Date): Channel {
  return {
    name: config.name, kind: 'dingtalk',
    async send(message) {
      const url = secretFrom(env, config.name, config.urlEnv);
      const secret = secretFrom(env, config.name, config.secretEnv);
      const timestamp = clock().getTime();
      const signed = new URL(url);
      signed.searchParams.set('timestamp', String(timestamp));
      signed.searchParams.set('sign', dingtalkSign(timestamp, secret));
      const secrets = [...urlSecrets(url), secret, signed.toString()];
      robotAnswer(config.name, await postJson(config.name, signed.toString(), { msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } }, secrets), secrets);
    },
  };
}
