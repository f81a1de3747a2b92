/**
 * claimOnce over both stores — the S3 store against the local S3 front (conditional writes as S3
 * answers them, also without s3:ListBucket) and the folder store: once per name and run date,
 * whoever asks and however many ask at once.
 */
import { describe, expect, it } from 'vitest';
import { s3Store } from '../../functions/aws/s3-store.js';
import { NotSentEarlierError } from '../../functions/core/errors.js';
import { dirStore } from '../../functions/local/dir-store.js';
import { claimOnceFor, dayClaimsFor, onceForTheDay } from '../../functions/run/claim-once.js';
import { startFailingS3 } from '../../tools/harness/s3-server.js';
import { everyStore } from '../support/every-store.js';
import { readObject } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const BUCKET = 'claims';
let n = 0;
const { stores, s3 } = everyStore(BUCKET);

/** A run date no other test uses. */
const freshDt = () => `2026-11-${String(++n).padStart(2, '0')}`;
const run = (runId: string) => ({ runId, now: () => new Date('2026-11-28T02:30:00Z') });

describe.each(stores)('claimOnce over %s', (_name, open) => {
  it('is true the first time a name is claimed for a run date, false after, by any run', async () => {
    const store = await open();
    const dt = freshDt();
    const first = claimOnceFor(store, 'getappinfo', dt, run('first'));
    const retry = claimOnceFor(store, 'getappinfo', dt, run('retry'));
    expect(await first('digest')).toBe(true);
    expect(await first('digest')).toBe(false);
    expect(await retry('digest')).toBe(false);
    // Another name, another date, another prefix: each claimed on its own.
    expect(await retry('notify')).toBe(true);
    expect(await claimOnceFor(store, 'getappinfo', freshDt(), run('next day'))('digest')).toBe(
      true,
    );
    expect(await claimOnceFor(store, 'other', dt, run('x'))('digest')).toBe(true);
  });

  it('writes the claim under days/<prefix>/runs/dt=…/<name>.sent, saying which run took it', async () => {
    const store = await open();
    const dt = freshDt();
    await claimOnceFor(store, 'getappinfo', dt, run('run-7'))('digest');
    const claim = await store.get(`days/getappinfo/runs/dt=${dt}/digest.sent`);
    expect(JSON.parse(Buffer.from(claim?.body ?? []).toString('utf8'))).toEqual({
      runId: 'run-7',
      claimedAt: '2026-11-28T02:30:00.000Z',
    });
  });

  it('gives true to exactly one of eight runs claiming at once', async () => {
    const store = await open();
    const dt = freshDt();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        claimOnceFor(store, 'getappinfo', dt, run(`r${i}`))('digest'),
      ),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});

describe('claimOnce', () => {
  it('refuses a name that is not [a-z][a-z0-9-]*, before writing anything', async () => {
    const root = await tempDir('claims');
    const claim = claimOnceFor(dirStore(root), 'getappinfo', '2026-11-28', run('r'));
    for (const name of ['', 'Digest', '../x', 'a/b', 'a.sent', `a${'b'.repeat(40)}`]) {
      await expect(claim(name)).rejects.toMatchObject({
        name: 'ConfigError',
        message: `claimOnce: "${name}" is not a claim name ([a-z][a-z0-9-]*)`,
      });
    }
  });

  it('writes the claim and the records of a failed and a resent message to S3 as JSON', async () => {
    const client = s3().client();
    const store = s3Store(client, BUCKET);
    const dt = freshDt();
    const claims = dayClaimsFor(store, 'getappinfo', dt, run('r'));
    const contentType = async (key: string) =>
      (await readObject(client, BUCKET, `days/getappinfo/runs/dt=${dt}/${key}`)).contentType;
    await claims.claimOnce('digest');
    expect(await contentType('digest.sent')).toBe('application/json');
    await claims.markFailed('digest');
    expect(await contentType('digest.failed')).toBe('application/json');
    await claims.markResent('notify');
    expect(await contentType('notify.failed')).toBe('application/json');
  });

  it('throws, rather than answering, when the store cannot tell', async () => {
    const failing = await startFailingS3(500);
    try {
      const claim = claimOnceFor(
        s3Store(failing.client({ maxAttempts: 1 }), BUCKET),
        'getappinfo',
        '2026-11-28',
        run('r'),
      );
      await expect(claim('digest')).rejects.toMatchObject({
        name: 'StoreError',
        message: expect.stringContaining('days/getappinfo/runs/dt=2026-11-28/digest.sent'),
      });
    } finally {
      await failing.close();
    }
  });
});

describe.each(stores)('onceForTheDay over %s', (_name, open) => {
  it('does the work once per run date; a later run reads it as sent and does nothing', async () => {
    const store = await open();
    const dt = freshDt();
    const done: string[] = [];
    const first = dayClaimsFor(store, 'getappinfo', dt, run('first'));
    const retry = dayClaimsFor(store, 'getappinfo', dt, run('retry'));
    expect(await onceForTheDay(first, 'digest', async () => void done.push('first'))).toBe('sent');
    expect(await onceForTheDay(retry, 'digest', async () => void done.push('retry'))).toBe(
      'already sent',
    );
    expect(done).toEqual(['first']);
    expect(await retry.failedEarlier('digest')).toBe(false);
  });

  it('records a failed send, so that every later run of the date fails the step without sending', async () => {
    const store = await open();
    const dt = freshDt();
    const first = dayClaimsFor(store, 'getappinfo', dt, run('first'));
    const refused = new Error('SNS said no');
    await expect(
      onceForTheDay(first, 'digest', async () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
    const failed = await store.get(`days/getappinfo/runs/dt=${dt}/digest.failed`);
    expect(JSON.parse(new TextDecoder().decode(failed?.body))).toEqual({
      runId: 'first',
      failedAt: '2026-11-28T02:30:00.000Z',
    });
    let sentAgain = false;
    const retry = dayClaimsFor(store, 'getappinfo', dt, run('retry'));
    const error = await onceForTheDay(retry, 'digest', async () => {
      sentAgain = true;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotSentEarlierError);
    expect((error as Error).message).toBe(
      'the digest for this run date was claimed by an earlier run that could not send it; it is not sent twice — once the cause is fixed, invoke with {"force": true} (or --force) to send it, else the next day\'s run sends its own',
    );
    expect(sentAgain).toBe(false);
    // The next day is a day of its own.
    const nextDay = dayClaimsFor(store, 'getappinfo', freshDt(), run('next'));
    expect(await onceForTheDay(nextDay, 'digest', async () => undefined)).toBe('sent');
  });

  it('sends a failed message again on a forced run, once: the day is then complete', async () => {
    const store = await open();
    const dt = freshDt();
    const sends: string[] = [];
    const claims = (runId: string, force = false) => ({
      ...dayClaimsFor(store, 'getappinfo', dt, run(runId)),
      force,
    });
    await onceForTheDay(claims('first'), 'notify', async () => {
      throw new Error('webhook said no');
    }).catch(() => undefined);
    // Forced, and failing again: still failed.
    await expect(
      onceForTheDay(claims('forced-1', true), 'notify', async () => {
        sends.push('forced-1');
        throw new Error('still no');
      }),
    ).rejects.toThrow('still no');
    expect(await claims('check').failedEarlier('notify')).toBe(true);
    // Forced after the fix: sent, and the failure is cleared for every later run.
    expect(
      await onceForTheDay(claims('forced-2', true), 'notify', async () => {
        sends.push('forced-2');
      }),
    ).toBe('sent');
    expect(await claims('check').failedEarlier('notify')).toBe(false);
    expect(
      await onceForTheDay(claims('retry'), 'notify', async () => void sends.push('retry')),
    ).toBe('already sent');
    expect(
      await onceForTheDay(claims('forced-3', true), 'notify', async () => {
        sends.push('forced-3');
      }),
    ).toBe('already sent');
    expect(sends).toEqual(['forced-1', 'forced-2']);
  });

  it('never sends a sent message again, forced or not', async () => {
    const store = await open();
    const dt = freshDt();
    const sends: string[] = [];
    const claims = dayClaimsFor(store, 'getappinfo', dt, run('first'));
    await onceForTheDay(claims, 'digest', async () => void sends.push('first'));
    const forced = { ...dayClaimsFor(store, 'getappinfo', dt, run('forced')), force: true };
    expect(await onceForTheDay(forced, 'digest', async () => void sends.push('forced'))).toBe(
      'already sent',
    );
    expect(sends).toEqual(['first']);
  });

  it("rethrows the work's own error when even the failure cannot be recorded", async () => {
    const store = await open();
    const claims = dayClaimsFor(store, 'getappinfo', freshDt(), run('r'));
    const broken = {
      ...claims,
      markFailed: async () => {
        throw new Error('store down');
      },
    };
    const refused = new Error('webhook said no');
    await expect(
      onceForTheDay(broken, 'notify', async () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
  });
});
