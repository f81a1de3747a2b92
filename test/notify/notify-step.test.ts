/**
 * The chat digest step against the local webhook server, with the run date's claims in a real
 * folder store: once per dt and webhook, a failed webhook kept failed until a forced run, the
 * CLI's every-time posting.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotifyError, NotSentEarlierError, StoreError } from '../../functions/core/errors.js';
import { dirStore } from '../../functions/local/dir-store.js';
import { notifyClaim, notifyStep } from '../../functions/notify/notify-step.js';
import type { WebhookResult } from '../../functions/notify/poster.js';
import type { Webhook } from '../../functions/notify/webhook.js';
import { dayClaimsFor } from '../../functions/run/claim-once.js';
import type { RunContext } from '../../functions/run/run-service.js';
import type { SnapshotStore } from '../../functions/run/snapshot-store.js';
import { type RunningWebhooks, startWebhooks } from '../../tools/harness/webhook-server.js';
import { summary, written } from '../support/run-summaries.js';
import { tempDir } from '../support/temp-dir.js';

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

/**
 * One run date's claims in a fresh folder (seen through `through`, if given); `run(force)` gives
 * each run its context.
 */
async function day(through: (store: SnapshotStore) => SnapshotStore = (store) => store) {
  const root = await tempDir('notify-step');
  const store = through(dirStore(root));
  let n = 0;
  const run = (force = false): RunContext => ({
    ...dayClaimsFor(store, 'getappinfo', RUN.dt, {
      runId: `run-${++n}`,
      now: () => new Date('2026-11-28T02:30:00Z'),
    }),
    force,
  });
  return { root, store, run };
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

/** `store`, answering a read of `key` only after `ms`, as a slow S3 GET would. */
const slowToRead =
  (key: string, ms: number) =>
  (store: SnapshotStore): SnapshotStore => ({
    ...store,
    get: async (k) => {
      if (k === key) await sleep(ms);
      return store.get(k);
    },
  });

const failing = () => ({
  kind: 'wecom' as const,
  url: server.url('wecom').replace(server.token('wecom'), 'f'.repeat(32)),
});

describe('notifyClaim', () => {
  it("is the webhook's own name, from its URL, with no token in it", () => {
    const slack = {
      kind: 'slack' as const,
      url: 'https://hooks.slack.com/services/T0/B0/secrettoken',
    };
    expect(notifyClaim(slack)).toMatch(/^notify-[0-9a-f]{16}$/);
    expect(notifyClaim(slack)).toBe(notifyClaim({ ...slack }));
    expect(notifyClaim({ ...slack, url: `${slack.url}2` })).not.toBe(notifyClaim(slack));
    expect(notifyClaim(slack)).not.toContain('secrettoken');
  });
});

describe('notifyStep', () => {
  it('posts once to every webhook and reports each; a second run that day posts nothing', async () => {
    const { s, reported, skipped } = step([
      { kind: 'slack', url: server.url('slack') },
      { kind: 'wecom', url: server.url('wecom') },
    ]);
    const { run } = await day();
    await s.run(RUN, run());
    expect(server.posts.map((p) => p.verdict)).toEqual(['accepted', 'accepted']);
    expect(reported).toEqual([
      [expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })],
    ]);
    await s.run(RUN, run());
    await s.run(RUN, run(true));
    expect(server.posts).toHaveLength(2);
    expect(reported).toHaveLength(1);
    expect(skipped()).toBe(2);
  });

  it('fails after trying them all when one did not take it, naming it without its token', async () => {
    const { s, reported } = step([failing(), { kind: 'slack', url: server.url('slack') }]);
    const { run } = await day();
    // The first webhook answers last: the report still follows the list.
    server.fail('wecom', { delayMs: 100 });
    const error = await Promise.resolve(s.run(RUN, run())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyError);
    expect((error as NotifyError).failed).toBe(1);
    expect((error as Error).message).toBe(
      `1 of 2 chat webhooks did not take the digest for 2026-11-28 (the snapshots were written): notify[0] (wecom, ${server.base}/…): errcode 93000: invalid webhook url, hint: [1700000000_1a2b]`,
    );
    expect((error as Error).message).not.toContain('f'.repeat(32));
    expect(reported[0]?.map((r) => r.ok)).toEqual([false, true]);
    expect(server.posts.filter((p) => p.kind === 'slack')).toHaveLength(1);
  });

  it('keeps a failed webhook failed on a later run, posting nothing, until a forced run posts to it alone', async () => {
    const webhooks = [failing(), { kind: 'slack' as const, url: server.url('slack') }];
    const { s, reported } = step(webhooks);
    const { run } = await day();
    await Promise.resolve(s.run(RUN, run())).catch(() => undefined);
    expect(server.posts).toHaveLength(2);
    expect(reported).toHaveLength(1);

    const retry = await Promise.resolve(s.run(RUN, run())).catch((e: unknown) => e);
    expect(retry).toBeInstanceOf(NotSentEarlierError);
    expect((retry as Error).message).toBe(
      `1 of 2 chat webhooks did not take the digest for 2026-11-28 in an earlier run: notify[0] (wecom, ${server.base}/…); it is not posted twice — once the cause is fixed, invoke with {"force": true} (or --force) to post it there, else the next day's run posts its own`,
    );
    expect(server.posts).toHaveLength(2);
    // Nothing was posted, so there is no webhook result to report.
    expect(reported).toHaveLength(1);

    // The webhook is fixed; a forced run posts to it, and not to the one that took it.
    const fixed = step([{ kind: 'wecom', url: server.url('wecom') }, webhooks[1] as Webhook]);
    server.reset();
    await fixed.s.run(RUN, run(true));
    expect(server.posts.map((p) => [p.kind, p.verdict])).toEqual([['wecom', 'accepted']]);
    await fixed.s.run(RUN, run());
    expect(server.posts).toHaveLength(1);
    expect(fixed.skipped()).toBe(1);
  });

  it('names every webhook that did not take it, one after another, on the run and on a later run', async () => {
    const slack = server.url('slack');
    const webhooks = [
      failing(),
      { kind: 'slack' as const, url: slack.replace(server.token('slack'), 'x') },
    ];
    const { s } = step(webhooks);
    // The first webhook answers last, and its record of the failure is read last on the later run:
    // the messages still name them in the list's order.
    server.fail('wecom', { delayMs: 100 });
    const { run } = await day(
      slowToRead(
        `days/getappinfo/runs/dt=${RUN.dt}/${notifyClaim(webhooks[0] as Webhook)}.failed`,
        100,
      ),
    );
    const first = await Promise.resolve(s.run(RUN, run())).catch((e: unknown) => e);
    expect((first as NotifyError).failed).toBe(2);
    expect((first as Error).message).toBe(
      `2 of 2 chat webhooks did not take the digest for 2026-11-28 (the snapshots were written): notify[0] (wecom, ${server.base}/…): errcode 93000: invalid webhook url, hint: [1700000000_1a2b]; notify[1] (slack, ${server.base}/…): HTTP 404 no_service`,
    );
    const later = await Promise.resolve(s.run(RUN, run())).catch((e: unknown) => e);
    expect(later).toBeInstanceOf(NotSentEarlierError);
    expect((later as Error).message).toMatch(
      `2 of 2 chat webhooks did not take the digest for 2026-11-28 in an earlier run: notify[0] (wecom, ${server.base}/…); notify[1] (slack, ${server.base}/…); it is not posted twice`,
    );
  });

  it('posts nothing on a second run that day when nobody listens for the skip', async () => {
    const s = notifyStep({
      webhooks: [{ kind: 'slack', url: server.url('slack') }],
      dashboardUrl: undefined,
      post: { dispatcher: agent, deadline: Date.now() + 5_000 },
      report: () => undefined,
    });
    const { run } = await day();
    await s.run(RUN, run());
    await expect(Promise.resolve(s.run(RUN, run()))).resolves.toBeUndefined();
    expect(server.posts).toHaveLength(1);
  });

  it("posts every time, taking no claim, with everyTime (the CLI's --notify)", async () => {
    const { s } = step([{ kind: 'slack', url: server.url('slack') }], { everyTime: true });
    const { store, run } = await day();
    const context = run();
    await s.run(RUN, context);
    await s.run(RUN, context);
    expect(server.posts.map((p) => p.verdict)).toEqual(['accepted', 'accepted']);
    const claim = notifyClaim({ kind: 'slack', url: server.url('slack') });
    expect(await store.get(`days/getappinfo/runs/dt=${RUN.dt}/${claim}.sent`)).toBeUndefined();
  });

  it("fails with the store's error, posting nothing, when a claim cannot be taken", async () => {
    const { s, reported, skipped } = step([
      { kind: 'slack', url: server.url('slack') },
      { kind: 'wecom', url: server.url('wecom') },
    ]);
    // A folder store whose root is a file: every write fails, as with a bucket the role cannot write.
    const root = join(await tempDir('notify-step'), 'not-a-folder');
    await writeFile(root, '');
    const context: RunContext = dayClaimsFor(dirStore(root), 'getappinfo', RUN.dt, {
      runId: 'run-1',
      now: () => new Date('2026-11-28T02:30:00Z'),
    });
    const error = await Promise.resolve(s.run(RUN, context)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    // The claim that could not be written: either webhook's, whichever was tried first.
    expect((error as Error).message).toMatch(/could not write .*notify-[0-9a-f]{16}\.sent/);
    expect(server.posts).toEqual([]);
    expect(reported).toEqual([]);
    expect(skipped()).toBe(0);
  });

  it('asks for no claim and posts nothing without webhooks', async () => {
    const { s, skipped } = step([]);
    const { root, run } = await day();
    await s.run(RUN, run());
    expect(server.posts).toEqual([]);
    expect(skipped()).toBe(0);
    // Nothing written at all: no claim, no failure record.
    expect(await readdir(root)).toEqual([]);
  });
});
