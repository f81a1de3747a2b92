/**
 * Each platform's request and the reading of its answer, as pure functions: the body's shape,
 * the signature against the platforms' own published algorithms, text from the API escaped, the
 * size limits with 400 apps, and every kind of error a 200 answer can carry.
 */
import { beforeEach, describe, expect, it } from 'vitest';
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
// What each platform shows of the digest's pieces (chat-digest.test.ts checks how they are made).
// QUIET's figures: 3,428 active users (+8.0 %), 24,047 messages up (−29.6 %), 79,804 down (±0.0 %).
const FIGURES = 'active 3,428 +8.0% · msgs up 24,047 −29.6% · down 79,804 ±0.0%';
const DAY = 'Fri 2026-11-27 against a week earlier:';
const FAILURE = 'getappinfo 70020 <b>SDKAppID</b> not found';
// A quiet day of one app and no dashboard; a day on which the only app failed.
const quiet = chatDigest(summary([written(1400000001, 'Demo Chat')]));
const allFailed = chatDigest(
  summary([failed(1400000103, 'getappinfo failed for app 1400000103: 70020 SDKAppID not found')]),
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

// Each request is made in a beforeEach, not when the file is read: a mutation run switches its
// mutant on before the tests, after the describe bodies have run.
describe('Slack', () => {
  // Block Kit's rich_text pieces, to write the expected blocks with.
  const bold = (text: string) => ({ type: 'text', text, style: { bold: true } });
  const plain = (text: string) => ({ type: 'text', text });
  const section = (...elements: Json[]) => ({ type: 'rich_text_section', elements });
  const list = (...items: Json[]) => ({ type: 'rich_text_list', style: 'bullet', elements: items });
  let body: Json;
  beforeEach(() => {
    body = json(
      slack.request(digest, { kind: 'slack', url: 'https://hooks.slack.com/services/T/B/x' }, NOW)
        .body,
    );
  });

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

  it('sends every piece of a full day in its block: trouble bullets, the day heading, one bullet per app, the link and the run', () => {
    const hostile = `${HOSTILE} (1400000002)`;
    expect(body.blocks).toEqual([
      {
        type: 'header',
        text: { type: 'plain_text', text: 'chat-opsdata 2026-11-28', emoji: false },
      },
      { type: 'rich_text', elements: [section(bold('1 failed · 1 anomaly · 3 apps'))] },
      {
        type: 'rich_text',
        elements: [
          list(
            section(bold('FAILED '), bold('1400000103: '), plain(FAILURE)),
            section(bold('ANOMALY '), bold(`${hostile}: `), plain(SPIKE.message)),
          ),
        ],
      },
      { type: 'divider' },
      {
        type: 'rich_text',
        elements: [
          section(plain(DAY)),
          // An ok app has no label: only trouble is called out.
          list(
            section(bold('ANOMALY '), bold(hostile), plain(` ${FIGURES}`)),
            section(bold('Demo Chat (1400000001)'), plain(` ${FIGURES}`)),
          ),
        ],
      },
      {
        type: 'rich_text',
        elements: [
          section(
            { type: 'link', url: DASHBOARD, text: 'Open the dashboard' },
            plain(' · '),
            plain('run run-1'),
          ),
        ],
      },
    ]);
  });

  it('says how many were left out when the trouble alone fills the message, with no empty app list', () => {
    const manyFailed = chatDigest(
      summary(
        Array.from({ length: 400 }, (_, i) =>
          failed(
            1400000000 + i,
            `getappinfo failed for app ${1400000000 + i}: 70020 ${'x'.repeat(80)}`,
          ),
        ),
      ),
    );
    const { body: text } = slack.request(manyFailed, { kind: 'slack', url: 'https://x' }, NOW);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SLACK_MAX_BYTES);
    const { blocks } = json(text);
    const appsBlock = blocks.at(-2);
    // The day heading, then the count of what was left out: no bullet list without bullets.
    expect(appsBlock.elements.map((e: { type: string }) => e.type)).toEqual([
      'rich_text_section',
      'rich_text_section',
    ]);
    expect(appsBlock.elements[1].elements[0].text).toMatch(
      /^… \d+ more left out; the dashboard and the log have them all\.$/,
    );
  });

  it('sends no day heading when no app has figures to show: the trouble, a divider, the run', () => {
    const { blocks } = json(
      slack.request(allFailed, { kind: 'slack', url: 'https://x' }, NOW).body,
    );
    expect(blocks).toEqual([
      {
        type: 'header',
        text: { type: 'plain_text', text: 'chat-opsdata 2026-11-28', emoji: false },
      },
      { type: 'rich_text', elements: [section(bold('1 failed · 1 app'))] },
      {
        type: 'rich_text',
        elements: [
          list(
            section(
              bold('FAILED '),
              bold('1400000103: '),
              plain('getappinfo 70020 SDKAppID not found'),
            ),
          ),
        ],
      },
      { type: 'divider' },
      { type: 'rich_text', elements: [section(plain('run run-1'))] },
    ]);
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
    // A word with a line break after it is still the word.
    [200, 'ok\n', { ok: true }],
    // Sent only when both say so.
    [500, 'ok', { ok: false, problem: 'HTTP 500 ok', retryable: false }],
    // A proxy's words are quoted as such, not taken for one of Slack's error words.
    [
      502,
      'Bad Gateway',
      { ok: false, problem: 'HTTP 502, not the documented answer: Bad Gateway', retryable: false },
    ],
    [
      503,
      'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
      {
        ok: false,
        problem:
          'HTTP 503, not the documented answer: upstream connect error or disconnect/reset before headers. reset reason: connection failure',
        retryable: false,
      },
    ],
  ])('reads HTTP %i %j', (status, answer, verdict) => {
    expect(slack.answer(status, answer)).toEqual(verdict);
  });
});

describe('WeCom', () => {
  let url: string;
  let body: string;
  let content: string;
  beforeEach(() => {
    ({ url, body } = wecom.request(
      digest,
      { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
      NOW,
    ));
    content = json(body).markdown.content as string;
  });

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

  it('sends the whole content in the Markdown WeCom documents: quotes for trouble, colours, a link', () => {
    const hostile = '∗∗Sale∗∗‹font color=red›［x］(https://e) (1400000002)';
    expect(content).toBe(
      [
        '**chat-opsdata 2026-11-28**',
        '<font color="warning">1 failed · 1 anomaly · 3 apps</font>',
        '',
        '> <font color="warning">FAILED</font> **1400000103** getappinfo 70020 ‹b›SDKAppID‹/b› not found',
        // Our own sentence, as written: no look-alikes for its rule name.
        `> <font color="warning">ANOMALY</font> **${hostile}** ${SPIKE.message}`,
        '',
        DAY,
        `<font color="warning">ANOMALY</font> **${hostile}**`,
        `<font color="comment">${FIGURES}</font>`,
        '<font color="info">ok</font> **Demo Chat (1400000001)**',
        `<font color="comment">${FIGURES}</font>`,
        '',
        `[Open the dashboard](${DASHBOARD})`,
      ].join('\n'),
    );
  });

  it('leaves out what a day does not have: no trouble, no apps, no dashboard', () => {
    const contentOf = (d: typeof digest) =>
      json(wecom.request(d, { kind: 'wecom', url: 'https://x' }, NOW).body).markdown.content;
    expect(contentOf(quiet)).toBe(
      [
        '**chat-opsdata 2026-11-28**',
        'all normal · 1 app',
        '',
        DAY,
        '<font color="info">ok</font> **Demo Chat (1400000001)**',
        `<font color="comment">${FIGURES}</font>`,
      ].join('\n'),
    );
    expect(contentOf(allFailed)).toBe(
      [
        '**chat-opsdata 2026-11-28**',
        '<font color="warning">1 failed · 1 app</font>',
        '',
        '> <font color="warning">FAILED</font> **1400000103** getappinfo 70020 SDKAppID not found',
      ].join('\n'),
    );
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
    [
      429,
      'Too Many Requests',
      {
        ok: false,
        problem: 'HTTP 429, not the documented answer: Too Many Requests',
        retryable: true,
      },
    ],
    // errcode 0 is WeCom's "sent" only in its documented HTTP 200 answer.
    [
      502,
      '{"errcode":0,"errmsg":"ok"}',
      {
        ok: false,
        problem: 'HTTP 502, not the documented answer: {"errcode":0,"errmsg":"ok"}',
        retryable: false,
      },
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

  const cardOf = (d: typeof digest) =>
    json(feishu.request(d, { kind: 'feishu', url: 'https://x' }, NOW).body).card;
  const plainDiv = (content: string) => ({ tag: 'div', text: { tag: 'plain_text', content } });
  const markdownDiv = (content: string) => ({ tag: 'div', text: { tag: 'lark_md', content } });
  const runNote = { tag: 'note', elements: [{ tag: 'plain_text', content: 'run run-1' }] };

  it('sends the whole card in Feishu’s card elements: trouble, a rule, the apps, a button, the run', () => {
    expect(cardOf(digest)).toEqual({
      // False by default where the field still counts (deployments from before 2021-03).
      config: { wide_screen_mode: true },
      header: {
        template: 'red',
        title: {
          tag: 'plain_text',
          content: 'chat-opsdata 2026-11-28 · 1 failed · 1 anomaly · 3 apps',
        },
      },
      elements: [
        markdownDiv('**Trouble first**'),
        plainDiv(
          `FAILED 1400000103: ${FAILURE}\n\nANOMALY ${HOSTILE} (1400000002): ${SPIKE.message}`,
        ),
        { tag: 'hr' },
        markdownDiv(`**${DAY}**`),
        plainDiv(
          `ANOMALY · ${HOSTILE} (1400000002)\n${FIGURES}\n\nok · Demo Chat (1400000001)\n${FIGURES}`,
        ),
        {
          tag: 'action',
          actions: [
            {
              tag: 'button',
              text: { tag: 'plain_text', content: 'Open the dashboard' },
              type: 'primary',
              url: DASHBOARD,
            },
          ],
        },
        runNote,
      ],
    });
  });

  it('leaves out what a day does not have: no trouble, no apps, no dashboard', () => {
    expect(cardOf(quiet).elements).toEqual([
      markdownDiv(`**${DAY}**`),
      plainDiv(`ok · Demo Chat (1400000001)\n${FIGURES}`),
      runNote,
    ]);
    expect(cardOf(allFailed).elements).toEqual([
      markdownDiv('**Trouble first**'),
      plainDiv('FAILED 1400000103: getappinfo 70020 SDKAppID not found'),
      { tag: 'hr' },
      runNote,
    ]);
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
    [
      200,
      '{"StatusCode":19021,"StatusMessage":"sign match fail or timestamp is not within one hour from current time"}',
      {
        ok: false,
        problem:
          'code 19021: sign match fail or timestamp is not within one hour from current time',
        retryable: false,
      },
    ],
    // Feishu's gateway limits with HTTP 429, whatever code (if any) the body has.
    [
      429,
      '{"code":99991400,"msg":"request trigger frequency limit"}',
      { ok: false, problem: 'code 99991400: request trigger frequency limit', retryable: true },
    ],
    [
      429,
      'Too Many Requests',
      {
        ok: false,
        problem: 'HTTP 429, not the documented answer: Too Many Requests',
        retryable: true,
      },
    ],
  ])('reads HTTP %i %s', (status, answer, verdict) => {
    expect(feishu.answer(status, answer)).toEqual(verdict);
  });

  it('takes code 0 as sent only in an HTTP 200 answer', () => {
    expect(feishu.answer(500, '{"code":0,"msg":"success"}')).toMatchObject({
      ok: false,
      retryable: false,
    });
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

  const textOf = (d: typeof digest) => json(dingtalk.request(d, webhook, NOW).body).markdown.text;

  it('sends the whole text in DingTalk’s Markdown: paragraphs, quotes for trouble, a list, a link', () => {
    const hostile = '∗∗Sale∗∗‹font color=red›［x］(https://e) (1400000002)';
    expect(textOf(digest)).toBe(
      [
        '### chat-opsdata 2026-11-28',
        '**1 failed · 1 anomaly · 3 apps**',
        '> **FAILED** **1400000103** getappinfo 70020 ‹b›SDKAppID‹/b› not found',
        // Our own sentence, as written: no look-alikes for its rule name.
        `> **ANOMALY** **${hostile}** ${SPIKE.message}`,
        DAY,
        // Two spaces before the line break, or DingTalk joins the lines.
        `- **ANOMALY** **${hostile}**  \n${FIGURES}`,
        `- ok **Demo Chat (1400000001)**  \n${FIGURES}`,
        `[Open the dashboard](${DASHBOARD})`,
      ].join('\n\n'),
    );
  });

  it('leaves out what a day does not have: no trouble, no apps, no dashboard', () => {
    expect(textOf(quiet)).toBe(
      [
        '### chat-opsdata 2026-11-28',
        '**all normal · 1 app**',
        DAY,
        `- ok **Demo Chat (1400000001)**  \n${FIGURES}`,
      ].join('\n\n'),
    );
    expect(textOf(allFailed)).toBe(
      [
        '### chat-opsdata 2026-11-28',
        '**1 failed · 1 app**',
        '> **FAILED** **1400000103** getappinfo 70020 SDKAppID not found',
      ].join('\n\n'),
    );
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
