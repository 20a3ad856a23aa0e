// The channels of a configuration, opened by kind. Opening reads no secret: each channel reads its
// environment variables when it sends, so a variable set later is picked up and one never set is
// named in the delivery log, not at start.
import type { ChannelConfig } from '../alerts/alert-rule.ts';
import type { Channel } from './channel.ts';
import { dingtalkRobot } from './dingtalk-robot.ts';
import { emailChannel } from './email.ts';
import { webhook } from './webhook.ts';
import { wecomRobot } from './wecom-robot.ts';

export function openChannel(config: ChannelConfig, env: Record<string, string | undefined>, clock: () => Date): Channel {
  switch (config.kind) {
    case 'wecom': return wecomRobot(config, env);
    case 'dingtalk': return dingtalkRobot(config, env, clock);
    case 'webhook': return webhook(config, env, clock);
    case 'email': return emailChannel(config, env);
  }
}
