import { describe, expect, it } from 'vitest';
import {
  kindOfHost,
  redactWebhookUrl,
  webhookLabel,
  withoutSecrets,
} from '../../functions/notify/webhook.js';

const SLACK = 'https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdEFGHijklMNOPqrstUVWX';
const WECOM =
  'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';

describe('redactWebhookUrl', () => {
  it.each([
    [SLACK, 'https://hooks.slack.com/…'],
    [WECOM, 'https://qyapi.weixin.qq.com/…'],
    ['http://127.0.0.1:8123/robot/send?access_token=abc', 'http://127.0.0.1:8123/…'],
    ['not a url', '(not a URL)'],
  ])('keeps only the scheme, host and port of %s', (url, redacted) => {
    expect(redactWebhookUrl(url)).toBe(redacted);
  });
});

describe('webhookLabel', () => {
  it('names a webhook by its place in the list, its kind and its redacted URL', () => {
    expect(webhookLabel(1, { kind: 'wecom', url: WECOM })).toBe(
      'notify[1] (wecom, https://qyapi.weixin.qq.com/…)',
    );
  });
});

describe('withoutSecrets', () => {
  it("removes the URL's path segments, query values and the signing secret from text", () => {
    const text = `posted to ${SLACK}, token abcdEFGHijklMNOPqrstUVWX, key 693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa, secret SECabcdef123456`;
    expect(withoutSecrets(text, { kind: 'slack', url: SLACK })).not.toContain('abcdEFGH');
    const wecom = withoutSecrets(text, { kind: 'wecom', url: WECOM });
    expect(wecom).not.toContain('693a91f6');
    const signed = withoutSecrets(text, {
      kind: 'dingtalk',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=ffff',
      signingSecret: 'SECabcdef123456',
    });
    expect(signed).not.toContain('SECabcdef123456');
  });

  it('replaces the whole URL, and each secret in it, with one …', () => {
    expect(withoutSecrets(`posted to ${SLACK}`, { kind: 'slack', url: SLACK })).toBe('posted to …');
    expect(
      withoutSecrets('key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa', { kind: 'wecom', url: WECOM }),
    ).toBe('key=…');
  });

  it('removes a path segment or query value as short as 6 characters when it has a digit', () => {
    const url = 'http://127.0.0.1:8123/services/T0TEST/B0TEST/x?access_token=ab12cd';
    expect(withoutSecrets('team T0TEST, bot B0TEST, token ab12cd', { kind: 'slack', url })).toBe(
      'team …, bot …, token …',
    );
  });

  it('removes a signing secret of 12 characters without a digit', () => {
    const webhook = {
      kind: 'feishu' as const,
      url: 'https://open.feishu.cn/open-apis/bot/v2/hook/0f2e0c3a-1d6b-4b8e-9c7a-5e4f3d2c1b0a',
      signingSecret: 'abcdefghijkl',
    };
    expect(withoutSecrets('signed with abcdefghijkl', webhook)).toBe('signed with …');
  });

  it('removes a token whole when it starts with another part of the URL', () => {
    const url = 'https://relay.example.com/hook/abc123?token=abc123xyz';
    expect(withoutSecrets('token abc123xyz refused', { kind: 'slack', url })).toBe(
      'token … refused',
    );
  });

  it('removes a token the platform echoes cut short', () => {
    expect(
      withoutSecrets('token 693a91f6-7xxx-4bc4 is not valid', { kind: 'wecom', url: WECOM }),
    ).toBe('token … is not valid');
  });

  it('leaves short parts alone, so common words survive', () => {
    expect(withoutSecrets('invalid webhook url', { kind: 'wecom', url: WECOM })).toBe(
      'invalid webhook url',
    );
    const feishu =
      'https://open.feishu.cn/open-apis/bot/v2/hook/0f2e0c3a-1d6b-4b8e-9c7a-5e4f3d2c1b0a';
    expect(withoutSecrets('bot v2 hook: param invalid', { kind: 'feishu', url: feishu })).toBe(
      'bot v2 hook: param invalid',
    );
  });
});

describe('kindOfHost', () => {
  it.each([
    ['hooks.slack.com', 'slack'],
    ['qyapi.weixin.qq.com', 'wecom'],
    ['open.feishu.cn', 'feishu'],
    ['open.larksuite.com', 'feishu'],
    ['OAPI.DINGTALK.COM', 'dingtalk'],
    ['relay.example.com', undefined],
  ])('knows %s', (host, kind) => {
    expect(kindOfHost(host)).toBe(kind);
  });
});
