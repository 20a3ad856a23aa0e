import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/request.ts';
import { createI18n } from '../i18n/createI18n.ts';
import { loginErrorMessage } from './loginError.ts';

const zh = createI18n('zh-CN').t;
const en = createI18n('en').t;
const failed = (status: number | null, message: string, retryAfterSeconds: number | null = null) =>
  new ApiError(message, '/api/session', status, retryAfterSeconds);

describe('loginErrorMessage', () => {
  it('says the username or password is wrong, not what the server said in English', () => {
    expect(loginErrorMessage(failed(401, 'wrong username or password'), zh)).toBe('用户名或密码不正确，请重新输入。');
    expect(loginErrorMessage(failed(401, 'wrong username or password'), en)).toBe('Wrong user name or password. Please type them again.');
  });

  it('says how many minutes to wait after too many failures, rounding up', () => {
    expect(loginErrorMessage(failed(429, 'too many failed logins', 900), zh)).toBe('登录失败次数过多，请 15 分钟后再试。');
    expect(loginErrorMessage(failed(429, 'too many failed logins', 61), en)).toBe('Too many failed logins. Try again in 2 min.');
    expect(loginErrorMessage(failed(429, 'too many failed logins', 5), zh)).toBe('登录失败次数过多，请 1 分钟后再试。');
    expect(loginErrorMessage(failed(429, 'too many failed logins'), zh)).toBe('登录失败次数过多，请稍后再试。');
  });

  it('says the server cannot be reached, with the cause', () => {
    expect(loginErrorMessage(failed(null, '/api/session: Failed to fetch'), zh)).toBe(
      '无法连接 HBI 服务器，请检查网络后重试（/api/session: Failed to fetch）',
    );
  });

  it("keeps the server's message for anything else", () => {
    expect(loginErrorMessage(failed(500, 'the server could not answer this request; the details are in its log'), zh)).toBe(
      '登录失败：the server could not answer this request; the details are in its log',
    );
    expect(loginErrorMessage(new Error('boom'), en)).toBe('Could not log in: boom');
  });
});
