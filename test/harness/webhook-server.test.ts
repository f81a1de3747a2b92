/** The local webhook server refuses what each platform refuses: it is the tests' judge, so it is tested. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningWebhooks, startWebhooks } from '../../tools/harness/webhook-server.js';

let server: RunningWebhooks;
beforeAll(async () => {
  server = await startWebhooks({
    feishuSecret: 's3cret',
    dingtalkSecret: 'SECs3cret',
    dingtalkKeyword: 'chat-opsdata',
  });
});
afterAll(() => server.close());

const send = async (url: string, body: unknown, contentType = 'application/json') => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
};

describe('the local webhook server', () => {
  it('takes a minimal valid Slack message and refuses blocks Slack would', async () => {
    expect(await send(server.url('slack'), { text: 'hi' })).toEqual({ status: 200, text: 'ok' });
    const tooMany = { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) };
    expect(await send(server.url('slack'), tooMany)).toEqual({
      status: 400,
      text: 'invalid_blocks',
    });
    expect(await send(server.url('slack'), { blocks: [{ type: 'section', text: 'x' }] })).toEqual({
      status: 400,
      text: 'invalid_blocks',
    });
    expect(await send(server.url('slack'), 'not json')).toEqual({
      status: 400,
      text: 'invalid_payload',
    });
  });

  it('answers WeCom errors inside a 200, the content limit included', async () => {
    const ok = { msgtype: 'markdown', markdown: { content: 'x' } };
    expect(JSON.parse((await send(server.url('wecom'), ok)).text)).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    const long = { msgtype: 'markdown', markdown: { content: '界'.repeat(1366) } };
    expect(await send(server.url('wecom'), long)).toMatchObject({
      status: 200,
      text: expect.stringContaining('"errcode":40058'),
    });
    expect(await send(server.url('wecom'), { msgtype: 'text' })).toMatchObject({
      text: expect.stringContaining('"errcode":40008'),
    });
  });

  it('refuses an unsigned Feishu card when its robot has a secret, and a body over 20 KB', async () => {
    const card = {
      msg_type: 'interactive',
      card: { header: { title: { tag: 'plain_text', content: 't' } }, elements: [{ tag: 'hr' }] },
    };
    expect(JSON.parse((await send(server.url('feishu'), card)).text).code).toBe(19021);
    expect(
      JSON.parse((await send(server.url('feishu'), { ...card, pad: 'x'.repeat(21_000) })).text)
        .code,
    ).toBe(9499);
  });

  it('refuses an unsigned DingTalk message, and one without the keyword', async () => {
    const message = {
      msgtype: 'markdown',
      markdown: { title: 'chat-opsdata', text: 'chat-opsdata' },
    };
    expect(JSON.parse((await send(server.url('dingtalk'), message)).text).errcode).toBe(310000);
  });

  it('refuses what is not JSON, and any path that is no webhook', async () => {
    expect((await send(server.url('slack'), '{}', 'text/plain')).status).toBe(400);
    expect((await send(`${server.base}/elsewhere`, {})).status).toBe(404);
  });
});
