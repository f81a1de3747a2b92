/**
 * Each platform's request and the reading of its answer, as pure functions: the body's shape,
 * the signature against the platforms' own published algorithms, text from the API escaped, the
 * size limits with 400 apps, and every kind of error a 200 answer can carry.
 */
import { describe, expect, it } from 'vitest';
import { chatDigest } from '../../functions/notify/chat-digest.js';
import {
  DINGTALK_MAX_TEXT_BYTES,
  dingtalk,
  dingtalkSign,
} from '../../functions/notify/dingtalk.js';
import { FEISHU_MAX_BYTES, feishu, feishuSign } from '../../functions/notify/feishu.js';
import { SLACK_MAX_BYTES, slack } from '../../functions/notify/slack.js';
import { WECOM_MAX_CONTENT_BYTES, wecom } from '../../functions/notify/wecom.js';
import { failed, QUIET, SPIKE, summary, written } from '../support/run-summaries.js';

const NOW = new Date('2026-11-28T02:30:00Z');
const DASHBOARD =
  'https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-southeast-1#dashboards/dashboard/ChatOpsdata-ap-southeast-1';
// An app name as the API may send it (40 characters at most are shown).
const HOSTILE = '**Sale**<font color=red>[x](https://e)';
const digest = chatDigest(
  summary([
    written(1400000001, 'Demo Chat'),
    written(1400000002, HOSTILE, { ...QUIET, anomalies: [SPIKE] }),
    failed(1400000103, 'getappinfo failed for app 1400000103: 70020 <b>SDKAppID</b> not found'),
  ]),
  DASHBOARD,
);
const big = chatDigest(
  summary(Array.from({ length: 400 }, (_, i) => written(1400000000 + i, `App number ${i}`))),
  DASHBOARD,
);

// biome-ignore lint/suspicious/noExplicitAny: a webhook body is untyped JSON, read field by field.
type Json = any;
const json = (body: string): Json => JSON.parse(body);

describe('the signatures, against the platforms’ published Python samples', () => {
  // python3: base64.b64encode(hmac.new(f'{ts}\n{secret}'.encode(), b'', sha256).digest())
  it("computes Feishu's: the key is timestamp + newline + secret, the message is empty", () => {
    expect(feishuSign('1700000000', 'demo-feishu-secret')).toBe(
      'V3Wp8znUoP+7XezI+6p/Lp2Uyk2BLceZJJbP1KE87hk=',
    );
  });

  // python3: base64.b64encode(hmac.new(secret.encode(), f'{ts}\n{secret}'.encode(), sha256).digest())
  it("computes DingTalk's: the key is the secret, the message timestamp + newline + secret", () => {
    expect(dingtalkSign('1700000000000', 'SECdemo-dingtalk-secret')).toBe(
      'n+w17YWD9a419KGAglrhHBsLXLEN7W+mVc2ngHPo0UM=',
    );
  });
});

describe('Slack', () => {
  const body = json(
    slack.request(digest, { kind: 'slack', url: 'https://hooks.slack.com/services/T/B/x' }, NOW)
      .body,
  );

  it('sends a header, the headline, the trouble list, the apps and the link as blocks', () => {
    expect(body.text).toBe('chat-opsdata 2026-11-28: 1 failed · 1 anomaly · 3 apps');
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual([
      'header',
      'rich_text',
      'rich_text',
      'divider',
      'rich_text',
      'rich_text',
    ]);
    const link = body.blocks.at(-1).elements[0].elements[0];
    expect(link).toEqual({ type: 'link', url: DASHBOARD, text: 'Open the dashboard' });
  });

  it('puts API text only in rich_text text elements, which Slack shows as written', () => {
    const texts = JSON.stringify(body.blocks);
    expect(texts).toContain(JSON.stringify(`${HOSTILE} (1400000002)`).slice(1, -1));
    expect(body.text).not.toContain(HOSTILE);
  });

  it('stays under its size with 400 apps, saying how many were left out', () => {
    const { body: text } = slack.request(big, { kind: 'slack', url: 'https://x' }, NOW);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SLACK_MAX_BYTES);
    expect(text).toMatch(/… \d+ more left out/);
    expect(json(text).blocks.length).toBeLessThanOrEqual(50);
  });

  it.each([
    [200, 'ok', { ok: true }],
    [429, 'rate_limited', { ok: false, problem: 'HTTP 429 rate_limited', retryable: true }],
    [404, 'no_service', { ok: false, problem: 'HTTP 404 no_service', retryable: false }],
    [
      410,
      'channel_is_archived',
      { ok: false, problem: 'HTTP 410 channel_is_archived', retryable: false },
    ],
    [
      200,
      '<html>proxy</html>',
      {
        ok: false,
        problem: 'HTTP 200, not the documented answer: <html>proxy</html>',
        retryable: false,
      },
    ],
  ])('reads HTTP %i %j', (status, answer, verdict) => {
    expect(slack.answer(status, answer)).toEqual(verdict);
  });
});

describe('WeCom', () => {
  const { url, body } = wecom.request(
    digest,
    { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
    NOW,
  );
  const content = json(body).markdown.content as string;

  it('sends markdown: title, headline in warning colour, trouble as quotes, one entry per app, the link', () => {
    expect(url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k');
    expect(json(body).msgtype).toBe('markdown');
    const lines = content.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '**chat-opsdata 2026-11-28**',
      '<font color="warning">1 failed · 1 anomaly · 3 apps</font>',
    ]);
    expect(lines.filter((l) => l.startsWith('> '))).toHaveLength(2);
    expect(lines.at(-1)).toBe(`[Open the dashboard](${DASHBOARD})`);
  });

  it('shows API text with look-alikes, so it formats nothing', () => {
    expect(content).toContain('∗∗Sale∗∗‹font color=red›［x］(https://e) (1400000002)');
    expect(content).toContain('70020 ‹b›SDKAppID‹/b› not found');
    expect(content).not.toContain('<b>');
  });

  it('keeps the content within 4,096 bytes with 400 apps', () => {
    const text = json(wecom.request(big, { kind: 'wecom', url: 'https://x' }, NOW).body).markdown
      .content;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(WECOM_MAX_CONTENT_BYTES);
    expect(text).toMatch(/… \d+ more left out/);
    expect(text).toContain('Open the dashboard');
  });

  it.each([
    [200, '{"errcode":0,"errmsg":"ok"}', { ok: true }],
    [
      200,
      '{"errcode":93000,"errmsg":"invalid webhook url"}',
      { ok: false, problem: 'errcode 93000: invalid webhook url', retryable: false },
    ],
    [
      200,
      '{"errcode":45009,"errmsg":"api freq out of limit"}',
      { ok: false, problem: 'errcode 45009: api freq out of limit', retryable: true },
    ],
    [
      502,
      'Bad Gateway',
      { ok: false, problem: 'HTTP 502, not the documented answer: Bad Gateway', retryable: false },
    ],
    [
      200,
      '{"ok":true}',
      { ok: false, problem: 'HTTP 200, not the documented answer: {"ok":true}', retryable: false },
    ],
  ])('reads HTTP %i %s', (status, answer, verdict) => {
    expect(wecom.answer(status, answer)).toEqual(verdict);
  });
});

describe('Feishu', () => {
  it('sends an interactive card whose header colour is the worst status, API text in plain_text', () => {
    const body = json(
      feishu.request(
        digest,
        { kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/t' },
        NOW,
      ).body,
    );
    expect(body.msg_type).toBe('interactive');
    expect(body.timestamp).toBeUndefined();
    expect(body.card.header).toEqual({
      template: 'red',
      title: {
        tag: 'plain_text',
        content: 'chat-opsdata 2026-11-28 · 1 failed · 1 anomaly · 3 apps',
      },
    });
    const markdownTexts = body.card.elements
      .filter((e: Json) => e.text?.tag === 'lark_md')
      .map((e: Json) => e.text.content);
    expect(markdownTexts.join()).not.toContain('Sale');
    const plainTexts = body.card.elements
      .filter((e: Json) => e.text?.tag === 'plain_text')
      .map((e: Json) => e.text.content);
    expect(plainTexts.join()).toContain(`ANOMALY · ${HOSTILE} (1400000002)`);
    expect(body.card.elements.find((e: Json) => e.tag === 'action').actions[0].url).toBe(DASHBOARD);
  });

  it('signs with the timestamp in seconds when a signing secret is set', () => {
    const body = json(
      feishu.request(
        digest,
        { kind: 'feishu', url: 'https://x', signingSecret: 'demo-feishu-secret' },
        new Date(1_700_000_000_500),
      ).body,
    );
    expect(body).toMatchObject({
      timestamp: '1700000000',
      sign: 'V3Wp8znUoP+7XezI+6p/Lp2Uyk2BLceZJJbP1KE87hk=',
    });
  });

  it('is green for a quiet run and orange for anomalies', () => {
    const quiet = chatDigest(summary([written(1, 'A')]));
    expect(
      json(feishu.request(quiet, { kind: 'feishu', url: 'https://x' }, NOW).body).card.header
        .template,
    ).toBe('green');
    const news = chatDigest(summary([written(1, 'A', { ...QUIET, anomalies: [SPIKE] })]));
    expect(
      json(feishu.request(news, { kind: 'feishu', url: 'https://x' }, NOW).body).card.header
        .template,
    ).toBe('orange');
  });

  it('stays under 20 KB with 400 apps', () => {
    const { body } = feishu.request(
      big,
      { kind: 'feishu', url: 'https://x', signingSecret: 's' },
      NOW,
    );
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(FEISHU_MAX_BYTES);
    expect(body).toMatch(/… \d+ more left out/);
  });

  it.each([
    [200, '{"code":0,"msg":"success","data":{}}', { ok: true }],
    [200, '{"StatusCode":0,"StatusMessage":"success"}', { ok: true }],
    [
      200,
      '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}',
      {
        ok: false,
        problem:
          'code 19021: sign match fail or timestamp is not within one hour from current time',
        retryable: false,
      },
    ],
    [
      200,
      '{"code":11232,"msg":"frequency limited"}',
      { ok: false, problem: 'code 11232: frequency limited', retryable: true },
    ],
    [
      400,
      '{"code":9499,"msg":"Bad Request"}',
      { ok: false, problem: 'code 9499: Bad Request', retryable: false },
    ],
    [
      200,
      'ok',
      { ok: false, problem: 'HTTP 200, not the documented answer: ok', retryable: false },
    ],
  ])('reads HTTP %i %s', (status, answer, verdict) => {
    expect(feishu.answer(status, answer)).toEqual(verdict);
  });
});

describe('DingTalk', () => {
  const webhook = {
    kind: 'dingtalk' as const,
    url: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
  };

  it('sends markdown with a title that carries the keyword chat-opsdata, API text as look-alikes', () => {
    const { url, body } = dingtalk.request(digest, webhook, NOW);
    expect(url).toBe(webhook.url);
    const { msgtype, markdown } = json(body);
    expect(msgtype).toBe('markdown');
    expect(markdown.title).toBe('chat-opsdata 2026-11-28: 1 failed · 1 anomaly · 3 apps');
    expect(markdown.text).toMatch(
      /^### chat-opsdata 2026-11-28\n\n\*\*1 failed · 1 anomaly · 3 apps\*\*\n\n> \*\*FAILED\*\*/,
    );
    expect(markdown.text).toContain(
      '- **ANOMALY** **∗∗Sale∗∗‹font color=red›［x］(https://e) (1400000002)**  \n',
    );
    expect(markdown.text).toContain(`[Open the dashboard](${DASHBOARD})`);
  });

  it('signs in the URL with the timestamp in milliseconds, the Base64 URL-encoded', () => {
    const { url } = dingtalk.request(
      digest,
      { ...webhook, signingSecret: 'SECdemo-dingtalk-secret' },
      new Date(1_700_000_000_000),
    );
    expect(url).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign=n%2Bw17YWD9a419KGAglrhHBsLXLEN7W%2BmVc2ngHPo0UM%3D',
    );
  });

  it('keeps the text within its bound with 400 apps', () => {
    const text = json(dingtalk.request(big, webhook, NOW).body).markdown.text;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(DINGTALK_MAX_TEXT_BYTES);
    expect(text).toMatch(/… \d+ more left out/);
  });

  it.each([
    [200, '{"errcode":0,"errmsg":"ok"}', { ok: true }],
    [
      200,
      '{"errcode":310000,"errmsg":"keywords not in content"}',
      { ok: false, problem: 'errcode 310000: keywords not in content', retryable: false },
    ],
    [
      200,
      '{"errcode":130101,"errmsg":"send too fast"}',
      { ok: false, problem: 'errcode 130101: send too fast', retryable: true },
    ],
    [
      200,
      '{"errcode":300001,"errmsg":"token is not exist"}',
      { ok: false, problem: 'errcode 300001: token is not exist', retryable: false },
    ],
  ])('reads HTTP %i %s', (status, answer, verdict) => {
    expect(dingtalk.answer(status, answer)).toEqual(verdict);
  });
});
