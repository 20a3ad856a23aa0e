// Every channel against a real receiver on loopback: WeCom's and DingTalk's markdown payloads,
// DingTalk's signature recomputed from the secret, the webhook's HMAC header over the raw body, a
// mail taken by a real SMTP server; and when a receiver refuses, an error that names the channel
// and the reason but never a secret.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../alerts/alert-rule.ts';
import { DeliveryError } from './channel.ts';
import { openChannel } from './channels.ts';
import { renderMessage } from './message.ts';
import type { AlertNotice } from './notice.ts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './testing/receivers.ts';

const now = new Date('2025-03-01T00:00:00.000Z');
const clock = () => now;
const wecomKey = 'wecom-key-5f1e2d';
const dingtalkToken = 'dingtalk-token-77aa';
const dingtalkSecret = 'SEC0123456789abcdef';
const webhookSecret = 'whsec-9b8a7c';
const smtpPassword = 'smtp-p@ss-42';

const notice = (extra: Partial<AlertNotice> = {}): AlertNotice => ({
  ruleId: 'ward-occupancy', ruleTitle: '科室床位使用率超过 100%', severity: 'warning', advice: '协调出院与转科', key: 'department=0101',
  group: { department: '0101' }, groupLabel: '心血管内科', episode: 1, from: 'pending', to: 'firing', reason: 'fired', at: '2025-03-01T00:00:00.000Z',
  by: 'system', value: 1.0512, threshold: '> 1', note: null, responsible: '心血管内科', level: 0, record: null, ...extra,
});
const message = renderMessage([notice(), notice({ key: 'department=0901', group: { department: '0901' }, groupLabel: '急诊科', severity: 'critical', value: 1.2 })]);

let http: HttpReceiver;
let smtp: SmtpReceiver;
let env: Record<string, string>;
const secrets = [wecomKey, dingtalkToken, dingtalkSecret, webhookSecret, smtpPassword];

beforeAll(async () => {
  http = await startHttpReceiver();
  smtp = await startSmtpReceiver('hbi', smtpPassword);
  env = {
    HBI_WECOM_URL: `${http.url}/cgi-bin/webhook/send?key=${wecomKey}`,
    HBI_DINGTALK_URL: `${http.url}/robot/send?access_token=${dingtalkToken}`,
    HBI_DINGTALK_SECRET: dingtalkSecret,
    HBI_WEBHOOK_URL: `${http.url}/hooks/hbi`,
    HBI_WEBHOOK_SECRET: webhookSecret,
    HBI_SMTP_URL: `smtp://hbi:${encodeURIComponent(smtpPassword)}@127.0.0.1:${smtp.port}`,
  };
});
afterAll(async () => {
  await http.close();
  await smtp.close();
});

const audience = { role: 'governance' as const };
const configs: ChannelConfig[] = [
  { name: 'ward-robot', kind: 'wecom', urlEnv: 'HBI_WECOM_URL', audience },
  { name: 'quality-dingtalk', kind: 'dingtalk', urlEnv: 'HBI_DINGTALK_URL', secretEnv: 'HBI_DINGTALK_SECRET', audience },
  { name: 'ops-webhook', kind: 'webhook', urlEnv: 'HBI_WEBHOOK_URL', secretEnv: 'HBI_WEBHOOK_SECRET', audience },
  { name: 'director-mail', kind: 'email', smtpUrlEnv: 'HBI_SMTP_URL', from: 'hbi@hospital.example', to: ['director@hospital.example'], audience },
];
const channel = (name: string) => openChannel(configs.find((c) => c.name === name)!, env, clock);

describe('notification channels', () => {
  it('WeCom: a markdown message to the robot\'s URL', async () => {
    const before = http.requests.length;
    await channel('ward-robot').send(message);
    const request = (await http.received(before + 1))[before]!;
    expect(request.path).toBe('/cgi-bin/webhook/send');
    expect(request.query.get('key')).toBe(wecomKey);
    const body = JSON.parse(request.body);
    expect(body).toEqual({ msgtype: 'markdown', markdown: { content: message.markdown } });
    // Grouped, the most severe first.
    expect(body.markdown.content).toMatch(/^### HBI 预警：2 条变化（最高 严重）\n- \*\*【严重】科室床位使用率超过 100% · 急诊科：触发\*\*/);
    expect(body.markdown.content).toContain('当前值 1.0512，阈值 > 1');
  });

  it('DingTalk: a markdown message signed with timestamp and secret, as DingTalk checks it', async () => {
    const before = http.requests.length;
    await channel('quality-dingtalk').send(message);
    const request = (await http.received(before + 1))[before]!;
    expect(request.query.get('access_token')).toBe(dingtalkToken);
    const timestamp = request.query.get('timestamp')!;
    expect(timestamp).toBe(String(now.getTime()));
    // The receiver's own computation, from DingTalk's documentation: base64(HmacSHA256(secret, timestamp + "\n" + secret)).
    const expected = createHmac('sha256', dingtalkSecret).update(`${timestamp}\n${dingtalkSecret}`).digest('base64');
    expect(request.query.get('sign')).toBe(expected);
    expect(JSON.parse(request.body)).toEqual({ msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } });
  });

  it('webhook: the notices as JSON with an HMAC signature over the raw body', async () => {
    const before = http.requests.length;
    await channel('ops-webhook').send(message);
    const request = (await http.received(before + 1))[before]!;
    const timestamp = request.headers['x-hbi-timestamp'] as string;
    expect(request.headers['x-hbi-signature']).toBe(`sha256=${createHmac('sha256', webhookSecret).update(`${timestamp}.${request.body}`).digest('hex')}`);
    const body = JSON.parse(request.body);
    expect(body.notices.map((n: AlertNotice) => n.groupLabel)).toEqual(['急诊科', '心血管内科']);
    expect(body.title).toBe(message.title);
  });

  it('e-mail: a mail through a real SMTP server, with its login', async () => {
    await channel('director-mail').send(message);
    const mail = smtp.mails.at(-1)!;
    expect(mail.subject).toBe('HBI 预警：2 条变化（最高 严重）');
    expect(mail.from?.text).toBe('hbi@hospital.example');
    expect(mail.text).toContain('【警告】科室床位使用率超过 100% · 心血管内科：触发');
    expect(mail.text).toContain('处置建议：协调出院与转科');
  });

  it('names the channel and the reason when a receiver refuses, and never a secret', async () => {
    const failures: string[] = [];
    const expectFailure = async (send: Promise<void>, pattern: RegExp) => {
      const error = await send.then(() => null, (e: Error) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error!.message).toMatch(pattern);
      failures.push(error!.message);
    };
    http.answer(200, { errcode: 45009, errmsg: `api freq out of limit, key=${wecomKey}` });
    await expectFailure(channel('ward-robot').send(message), /^channel ward-robot: the robot refused the message: 45009 api freq out of limit/);
    http.answer(200, { errcode: 310000, errmsg: `sign not match, token ${dingtalkToken}, secret ${dingtalkSecret}` });
    await expectFailure(channel('quality-dingtalk').send(message), /^channel quality-dingtalk: the robot refused the message: 310000 sign not match/);
    http.answer(500, { error: `bad signature for ${webhookSecret}` });
    await expectFailure(channel('ops-webhook').send(message), /^channel ops-webhook: the receiver answered 500/);
    http.answer(200, { errcode: 0, errmsg: 'ok' });
    await expectFailure(openChannel(configs[3]!, { ...env, HBI_SMTP_URL: env.HBI_SMTP_URL!.replace(encodeURIComponent(smtpPassword), 'wrong-password') }, clock).send(message), /^channel director-mail: the SMTP server did not take the mail/);
    await expectFailure(openChannel(configs[0]!, { ...env, HBI_WECOM_URL: `http://127.0.0.1:1/send?key=${wecomKey}` }, clock).send(message), /^channel ward-robot: could not reach the receiver/);
    await expectFailure(openChannel(configs[1]!, { HBI_DINGTALK_URL: env.HBI_DINGTALK_URL! }, clock).send(message), /^channel quality-dingtalk: the environment variable HBI_DINGTALK_SECRET is not set/);
    for (const failure of failures) for (const secret of [...secrets, 'wrong-password']) expect(failure).not.toContain(secret);
  });
});
