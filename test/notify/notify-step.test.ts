import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotifyError } from '../../functions/core/errors.js';
import { NOTIFY_CLAIM, notifyStep } from '../../functions/notify/notify-step.js';
import type { WebhookResult } from '../../functions/notify/poster.js';
import type { Webhook } from '../../functions/notify/webhook.js';
import { type RunningWebhooks, startWebhooks } from '../../tools/harness/webhook-server.js';
import { summary, written } from '../support/run-summaries.js';

let server: RunningWebhooks;
let agent: Agent;
beforeAll(async () => {
  server = await startWebhooks();
  agent = new Agent();
});
afterAll(async () => {
  await agent.close();
  await server.close();
});
beforeEach(() => server.reset());

const RUN = summary([written(1400000001, 'Demo Chat')]);

function step(webhooks: Webhook[], claim: boolean) {
  const claims: string[] = [];
  const reported: WebhookResult[][] = [];
  let skipped = 0;
  const s = notifyStep({
    webhooks,
    dashboardUrl: undefined,
    claimOnce: async (what) => {
      claims.push(what);
      return claim;
    },
    post: { dispatcher: agent, deadline: Date.now() + 5_000 },
    report: (results) => reported.push([...results]),
    alreadySent: () => {
      skipped += 1;
    },
  });
  return { s, claims, reported, skipped: () => skipped };
}

describe('notifyStep', () => {
  it("claims 'notify' for the run's dt, then posts once to every webhook and reports each", async () => {
    const { s, claims, reported } = step(
      [
        { kind: 'slack', url: server.url('slack') },
        { kind: 'wecom', url: server.url('wecom') },
      ],
      true,
    );
    await s.run(RUN);
    expect(claims).toEqual([NOTIFY_CLAIM]);
    expect(NOTIFY_CLAIM).toBe('notify');
    expect(server.posts.map((p) => p.verdict)).toEqual(['accepted', 'accepted']);
    expect(reported).toEqual([
      [expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })],
    ]);
  });

  it('posts nothing when the digest already went out for this dt', async () => {
    const { s, reported, skipped } = step([{ kind: 'slack', url: server.url('slack') }], false);
    await s.run(RUN);
    expect(server.posts).toEqual([]);
    expect(reported).toEqual([]);
    expect(skipped()).toBe(1);
  });

  it("takes the run service's claimOnce when it is given none of its own", async () => {
    const claims: string[] = [];
    const s = notifyStep({
      webhooks: [{ kind: 'slack', url: server.url('slack') }],
      dashboardUrl: undefined,
      post: { dispatcher: agent, deadline: Date.now() + 5_000 },
      report: () => undefined,
    });
    await s.run(RUN, {
      claimOnce: async (what) => {
        claims.push(what);
        return false;
      },
    });
    expect(claims).toEqual(['notify']);
    expect(server.posts).toEqual([]);
  });

  it('asks for no claim and posts nothing without webhooks', async () => {
    const { s, claims } = step([], true);
    await s.run(RUN);
    expect(claims).toEqual([]);
    expect(server.posts).toEqual([]);
  });

  it('fails after trying them all when one did not take it, naming it without its token', async () => {
    const { s, reported } = step(
      [
        { kind: 'wecom', url: server.url('wecom').replace(server.token('wecom'), 'f'.repeat(32)) },
        { kind: 'slack', url: server.url('slack') },
      ],
      true,
    );
    const error = await s.run(RUN)?.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyError);
    expect((error as NotifyError).failed).toBe(1);
    expect((error as Error).message).toBe(
      `1 of 2 chat webhooks did not take the digest for 2026-11-28 (the snapshots were written): notify[0] (wecom, ${server.base}/…): errcode 93000: invalid webhook url, hint: [1700000000_1a2b]`,
    );
    expect((error as Error).message).not.toContain('f'.repeat(32));
    expect(reported[0]?.map((r) => r.ok)).toEqual([false, true]);
    expect(server.posts.filter((p) => p.kind === 'slack')).toHaveLength(1);
  });
});
