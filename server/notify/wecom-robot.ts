// A WeCom (企业微信) group robot: a markdown message posted to the robot's webhook URL, whose `key`
// is the secret (so the whole URL comes from an environment variable). WeCom caps markdown at
// 4,096 bytes; a longer message is cut with a note to open HBI.
import type { ChannelConfig } from '../alerts/alert-rule.ts';
import { postJson, robotAnswer, secretFrom, urlSecrets, type Channel } from './channel.ts';

const maxBytes = 4096;

export function truncateBytes(text: string, max: number, tail: string): string {
  if (Buffer.byteLength(text) <= max) return text;
  let cut = text.slice(0, max);
  while (Buffer.byteLength(cut + tail) > max) cut = cut.slice(0, -1);
  return cut + tail;
}

export function wecomRobot(config: Extract<ChannelConfig, { kind: 'wecom' }>, env: Record<string, string | undefined>): Channel {
  return {
    name: config.name, kind: 'wecom',
    async send(message) {
      const url = secretFrom(env, config.name, config.urlEnv);
      const content = truncateBytes(message.markdown, maxBytes, '\n…（更多内容请在 HBI 预警中心查看）');
      const secrets = urlSecrets(url);
      robotAnswer(config.name, await postJson(config.name, url, { msgtype: 'markdown', markdown: { content } }, secrets), secrets);
    },
  };
}
