import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotifyError, NotSentEarlierError } from '../../functions/core/errors.js';
import { NOTIFY_CLAIM, notifyStep } from '../../functions/notify/notify-step.js';
import type { WebhookResult } from '../../functions/notify/poster.js';
import type { Webhook } from '../../functions/notify/webhook.js';
import type { DayClaims } from '../../functions/run/claim-once.js';
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

/** The run date's claims as a run hands them to its steps, recording what the step asked. */
function dayClaims(claim: boolean, failedBefore = false) {
  const asked: string[] = [];
  const failed: string[] = [];
  const claims: DayClaims = {
    claimOnce: async (what) => {
      asked.push(`claim ${what}`);
      return claim;
    },
    markFailed: async (what) => {
      failed.push(what);
    },
    markResent: async (what) => {
      asked.push(`resent ${what}`);
    },
    failedEarlier: async (what) => {
      asked.push(`failed earlier ${what}`);
      return failedBefore;
    },
  };
  return { claims, asked, failed };
}

function step(webhooks: Webhook[], options: { everyTime?: boolean } = {}) {
  const reported: WebhookResult[][] = [];
  let skipped = 0;
  const s = notifyStep({
    webhooks,
    dashboardUrl: undefined,
    ...options,
    post: { dispatcher: agent, deadline: Date.now() + 5_000 },
    report: (results) => reported.push([...results]),
    alreadySent: () => {
      skipped += 1;
    },
  });
  return { s, reported, skipped: () => skipped };
}

describe('notifyStep', () => {
  it("claims 'notify' for the run's dt, then posts once to every webhook and reports each", async () => {
    const { s, reported } = step([
      { kind: 'slack', url: server.url('slack') },
      { kind: 'wecom', url: server.url('wecom') },
    ]);
    const { claims, asked, failed } = dayClaims(true);
    await s.run(RUN, claims);
    expect(asked).toEqual([`claim ${NOTIFY_CLAIM}`]);
    expect(failed).toEqual([]);
    expect(NOTIFY_CLAIM).toBe('notify');
    expect(server.posts.map((p) => p.verdict)).toEqual(['accepted', 'accepted']);
    expect(reported).toEqual([
      [expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })],
    ]);
  });

  it('posts nothing when the digest already went out for this dt', async () => {
    const { s, reported, skipped } = step([{ kind: 'slack', url: server.url('slack') }]);
    const { claims, asked } = dayClaims(false);
    await s.run(RUN, claims);
    expect(asked).toEqual(['claim notify', 'failed earlier notify']);
    expect(server.posts).toEqual([]);
    expect(reported).toEqual([]);
    expect(skipped()).toBe(1);
  });

  it('fails on a later run of a dt whose post failed, posting nothing: the day stays incomplete', async () => {
    const { s, skipped } = step([{ kind: 'slack', url: server.url('slack') }]);
    const { claims } = dayClaims(false, true);
    const error = await Promise.resolve(s.run(RUN, claims)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotSentEarlierError);
    expect((error as Error).message).toMatch(
      /earlier run that could not send it; it is not sent twice/,
    );
    expect(server.posts).toEqual([]);
    expect(skipped()).toBe(0);
  });

  it("posts every time, asking no claim, with everyTime (the CLI's --notify)", async () => {
    const { s } = step([{ kind: 'slack', url: server.url('slack') }], { everyTime: true });
    const { claims, asked } = dayClaims(false);
    await s.run(RUN, claims);
    await s.run(RUN, claims);
    expect(asked).toEqual([]);
    expect(server.posts.map((p) => p.verdict)).toEqual(['accepted', 'accepted']);
  });

  it('asks for no claim and posts nothing without webhooks', async () => {
    const { s } = step([]);
    const { claims, asked } = dayClaims(true);
    await s.run(RUN, claims);
    expect(asked).toEqual([]);
    expect(server.posts).toEqual([]);
  });

  it('fails after trying them all when one did not take it, naming it without its token', async () => {
    const { s, reported } = step([
      { kind: 'wecom', url: server.url('wecom').replace(server.token('wecom'), 'f'.repeat(32)) },
      { kind: 'slack', url: server.url('slack') },
    ]);
    const { claims, failed } = dayClaims(true);
    const error = await Promise.resolve(s.run(RUN, claims)).catch((e: unknown) => e);
    // Recorded, so that a retry of the run fails this step again instead of reading it as sent.
    expect(failed).toEqual(['notify']);
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
