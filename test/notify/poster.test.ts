/**
 * The poster against the local webhook server (tools/harness/webhook-server.ts), over real HTTP:
 * one POST per webhook, each in its platform's shape, signatures checked by the server's own code,
 * errors inside 200 answers read as errors, retries only where nothing was posted, deadlines kept,
 * and no token in any result.
 */
import { createServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
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

  it('posts maxAttempts times to a webhook that stays rate limited, waiting n × the delay before try n + 1', async () => {
    server.fail('wecom', { body: '{"errcode":45009,"errmsg":"api freq out of limit"}' });
    const started = Date.now();
    const [result] = await post([hooks()[1] as Webhook], { maxAttempts: 3, retryDelayMs: 200 });
    const took = Date.now() - started;
    expect(result).toMatchObject({
      ok: false,
      attempts: 3,
      problem: 'errcode 45009: api freq out of limit',
    });
    expect(server.posts).toHaveLength(3);
    // 200 ms after the first try, 400 ms after the second, none after the last.
    expect(took).toBeGreaterThanOrEqual(600);
    expect(took).toBeLessThan(1_500);
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
      const [result] = await post([hooks()[0] as Webhook], { retryDelayMs: 300 });
      expect(result).toMatchObject({ ok: true, attempts: 2 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
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
    expect(results[0]).toMatchObject({
      ok: false,
      attempts: 1,
      problem: 'UND_ERR_SOCKET: other side closed',
    });
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

  it('tries again when the TLS handshake timed out: the request was never sent', async () => {
    // A host that takes the connection and never answers the ClientHello.
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const impatient = new Agent({ connect: { timeout: 200 } });
    try {
      const [result] = await post(
        [{ kind: 'slack', url: `https://127.0.0.1:${port}/services/T/B/x` }],
        {
          dispatcher: impatient,
          maxAttempts: 2,
        },
      );
      expect(result).toMatchObject({
        ok: false,
        attempts: 2,
        problem: expect.stringMatching(/^UND_ERR_CONNECT_TIMEOUT: Connect Timeout Error/),
      });
      expect(sockets).toHaveLength(2);
    } finally {
      await impatient.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('posts nothing when the run has no time left', async () => {
    const at = new Date('2026-11-28T02:30:00Z');
    const [result] = await post([hooks()[0] as Webhook], {
      now: () => at,
      deadline: at.getTime(),
    });
    expect(result).toMatchObject({
      ok: false,
      attempts: 0,
      problem: 'the run had no time left to post',
    });
    expect(server.posts).toEqual([]);
  });

  it('does not wait for a try that would start at the deadline', async () => {
    server.fail('wecom', { body: '{"errcode":45009,"errmsg":"api freq out of limit"}' });
    const at = new Date();
    const [result] = await post([hooks()[1] as Webhook], {
      now: () => at,
      deadline: at.getTime() + 1_000,
      retryDelayMs: 1_000,
    });
    expect(result).toMatchObject({
      ok: false,
      attempts: 1,
      problem: 'errcode 45009: api freq out of limit',
    });
    expect(server.posts).toHaveLength(1);
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
    expect(result).toMatchObject({
      ok: false,
      attempts: 1,
      problem: `HTTP 200, an answer longer than ${MAX_ANSWER_BYTES} bytes: not a chat webhook`,
    });
    expect(server.posts).toHaveLength(1);
  });

  it('reads an answer of exactly 64 KB', async () => {
    const ok = '{"errcode":0,"errmsg":"ok"}';
    server.fail('wecom', { body: ok.padEnd(MAX_ANSWER_BYTES, ' ') });
    const [result] = await post([hooks()[1] as Webhook]);
    expect(result).toMatchObject({ ok: true, attempts: 1 });
  });

  it('posts only to the webhooks at the indices given, each labelled by its place in the list, and skips one past its end', async () => {
    const webhooks = hooks();
    const results = await postDigest(
      webhooks,
      DIGEST,
      { dispatcher: agent, deadline: Date.now() + 10_000, retryDelayMs: 10 },
      [2, webhooks.length],
    );
    expect(results.map((r) => [r.label.split(' ')[0], r.kind, r.ok])).toEqual([
      ['notify[2]', KINDS[2], true],
    ]);
    expect(server.posts.map((p) => p.kind)).toEqual([KINDS[2]]);
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
