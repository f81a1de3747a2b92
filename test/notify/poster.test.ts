/**
 * The poster against the local webhook server (tools/harness/webhook-server.ts), over real HTTP:
 * one POST per webhook, each in its platform's shape, signatures checked by the server's own code,
 * errors inside 200 answers read as errors, retries only where nothing was posted, deadlines kept,
 * and no token in any result.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatDigest } from '../../functions/notify/chat-digest.js';
import { MAX_ANSWER_BYTES, postDigest } from '../../functions/notify/poster.js';
import type { Webhook, WebhookKind } from '../../functions/notify/webhook.js';
import { type RunningWebhooks, startWebhooks } from '../../tools/harness/webhook-server.js';
import { QUIET, SPIKE, summary, written } from '../support/run-summaries.js';

const FEISHU_SECRET = 'feishu-signing-secret-for-tests';
const DINGTALK_SECRET = 'SEC0123456789abcdef0123456789abcdef';
const KINDS: readonly WebhookKind[] = ['slack', 'wecom', 'feishu', 'dingtalk'];
const DIGEST = chatDigest(
  summary([
    written(1400000001, 'Demo Chat'),
    written(1400000002, 'Demo Live', { ...QUIET, anomalies: [SPIKE] }),
  ]),
  'https://example.com/dashboard',
);

let server: RunningWebhooks;
let agent: Agent;

beforeAll(async () => {
  server = await startWebhooks({
    feishuSecret: FEISHU_SECRET,
    dingtalkSecret: DINGTALK_SECRET,
    dingtalkKeyword: 'chat-opsdata',
  });
  agent = new Agent({ keepAliveTimeout: 1_000 });
});
afterAll(async () => {
  await agent.close();
  await server.close();
});
beforeEach(() => server.reset());

const hooks = (): Webhook[] =>
  KINDS.map((kind) => ({
    kind,
    url: server.url(kind),
    ...(kind === 'feishu' ? { signingSecret: FEISHU_SECRET } : {}),
    ...(kind === 'dingtalk' ? { signingSecret: DINGTALK_SECRET } : {}),
  }));

const post = (webhooks: Webhook[], options: Partial<Parameters<typeof postDigest>[2]> = {}) =>
  postDigest(webhooks, DIGEST, {
    dispatcher: agent,
    deadline: Date.now() + 10_000,
    retryDelayMs: 10,
    ...options,
  });

/** Every token and secret of the test, to look for in what the poster returns. */
const secrets = () => [...KINDS.map((k) => server.token(k)), FEISHU_SECRET, DINGTALK_SECRET];

describe('postDigest', () => {
  it('posts once to each webhook, in its platform shape, and every platform accepts it', async () => {
    const results = await post(hooks());
    expect(results.map((r) => [r.kind, r.ok, r.attempts])).toEqual(KINDS.map((k) => [k, true, 1]));
    expect(server.posts.map((p) => [p.kind, p.verdict])).toEqual(
      expect.arrayContaining(KINDS.map((k) => [k, 'accepted'])),
    );
    expect(server.posts).toHaveLength(4);
    for (const p of server.posts) expect(p.contentType).toBe('application/json; charset=utf-8');
  });

  it('is refused by Feishu and DingTalk, as the server verifies, when signed with the wrong secret', async () => {
    const wrong = hooks().map((h) =>
      h.signingSecret ? { ...h, signingSecret: 'wrong-secret' } : h,
    );
    const results = await post(wrong);
    const byKind = Object.fromEntries(results.map((r) => [r.kind, r]));
    expect(byKind.feishu).toMatchObject({
      ok: false,
      attempts: 1,
      problem: 'code 19021: sign match fail or timestamp is not within one hour from current time',
    });
    expect(byKind.dingtalk).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^errcode 310000: sign not match/),
    });
    expect(byKind.slack?.ok).toBe(true);
  });

  it('is refused when the signature is an hour old, however right it was then', async () => {
    const results = await post(hooks(), { now: () => new Date(Date.now() - 3_700_000) });
    expect(
      results
        .filter((r) => !r.ok)
        .map((r) => r.kind)
        .sort(),
    ).toEqual(['dingtalk', 'feishu']);
  });

  it('reads the error inside a 200 answer for each platform with a wrong token', async () => {
    const broken = hooks().map((h) => ({
      ...h,
      url: h.url.replace(server.token(h.kind), 'notthetoken1234'),
    }));
    const results = await post(broken);
    expect(results.map((r) => [r.kind, r.ok, r.problem])).toEqual([
      ['slack', false, 'HTTP 404 no_service'],
      ['wecom', false, 'errcode 93000: invalid webhook url, hint: [1700000000_1a2b]'],
      ['feishu', false, 'code 19001: param invalid: incoming webhook access token invalid'],
      ['dingtalk', false, 'errcode 300001: token is not exist'],
    ]);
  });

  it('tries a rate-limited webhook again and never a refused one', async () => {
    server.fail('wecom', { body: '{"errcode":45009,"errmsg":"api freq out of limit"}', times: 1 });
    server.fail('dingtalk', { body: '{"errcode":310000,"errmsg":"keywords not in content"}' });
    const results = await post(hooks());
    const byKind = Object.fromEntries(results.map((r) => [r.kind, r]));
    expect(byKind.wecom).toMatchObject({ ok: true, attempts: 2 });
    expect(byKind.dingtalk).toMatchObject({ ok: false, attempts: 1 });
    expect(server.posts.filter((p) => p.kind === 'wecom')).toHaveLength(2);
    expect(server.posts.filter((p) => p.kind === 'dingtalk')).toHaveLength(1);
  });

  it("waits as long as a 429's Retry-After says before trying again", async () => {
    server.fail('slack', { status: 429, body: 'rate_limited', retryAfter: '1', times: 1 });
    const started = Date.now();
    const [result] = await post([hooks()[0] as Webhook], { retryDelayMs: 10 });
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('takes its own delay when Retry-After is 0 or not a number of seconds', async () => {
    for (const retryAfter of ['0', 'soon']) {
      server.reset();
      server.fail('slack', { status: 429, body: 'rate_limited', retryAfter, times: 1 });
      const started = Date.now();
      const [result] = await post([hooks()[0] as Webhook], { retryDelayMs: 10 });
      expect(result).toMatchObject({ ok: true, attempts: 2 });
      expect(Date.now() - started).toBeLessThan(900);
    }
  });

  it('reads an answer that is not HTTP 200 from DingTalk as a failure, tried again only on 429', async () => {
    server.fail('dingtalk', { status: 503, body: 'Service Unavailable' });
    const [unavailable] = await post([hooks()[3] as Webhook], { retryDelayMs: 10 });
    expect(unavailable).toMatchObject({ ok: false, attempts: 1 });
    expect(unavailable?.problem).toMatch(/^HTTP 503/);
    server.reset();
    server.fail('dingtalk', { status: 429, body: '', times: 1 });
    const [limited] = await post([hooks()[3] as Webhook], { retryDelayMs: 10 });
    expect(limited).toMatchObject({ ok: true, attempts: 2 });
  });

  it('does not try again after a reset connection or a timeout: the message may have been posted', async () => {
    server.fail('slack', { reset: true });
    server.fail('wecom', { delayMs: 1_500 });
    const results = await post(hooks().slice(0, 2), { attemptTimeoutMs: 300 });
    expect(results[0]).toMatchObject({ ok: false, attempts: 1 });
    expect(results[1]).toMatchObject({
      ok: false,
      attempts: 1,
      problem: 'no answer within 300 ms (the message may have been posted)',
    });
  });

  it('tries again when nothing answered the connection, until the tries are spent', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const [result] = await post([
      { kind: 'slack', url: `http://127.0.0.1:${port}/services/T0TEST/B0TEST/x` },
    ]);
    expect(result).toMatchObject({
      ok: false,
      attempts: 3,
      problem: expect.stringMatching(/^ECONNREFUSED/),
    });
  });

  it('stops at the deadline, however many tries are left', async () => {
    server.fail('wecom', { body: '{"errcode":45009,"errmsg":"api freq out of limit"}' });
    const started = Date.now();
    const [result] = await post([hooks()[1] as Webhook], {
      deadline: Date.now() + 400,
      retryDelayMs: 1_000,
    });
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reads at most 64 KB of an answer and calls a longer one what it is', async () => {
    server.fail('slack', { body: 'x'.repeat(MAX_ANSWER_BYTES + 1) });
    const [result] = await post([hooks()[0] as Webhook]);
    expect(result?.problem).toBe(
      `HTTP 200, an answer longer than ${MAX_ANSWER_BYTES} bytes: not a chat webhook`,
    );
  });

  it('names webhooks by place and redacted URL, and no result holds a token or secret', async () => {
    const broken = hooks().map((h) => ({
      ...h,
      url: `${h.url}x`,
      signingSecret: h.signingSecret && 'nope-nope',
    }));
    server.fail('feishu', { body: `{"code":9499,"msg":"bad token ${server.token('feishu')}"}` });
    const results = [...(await post(hooks())), ...(await post(broken))];
    expect(results[0]?.label).toBe(`notify[0] (slack, ${server.base}/…)`);
    const text = JSON.stringify(results);
    for (const secret of secrets()) expect(text).not.toContain(secret);
    expect(text).toContain('bad token …');
  });
});
