import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirStore } from '../../functions/local/dir-store.js';
import { type RunContext, runSnapshots } from '../../functions/run/run-service.js';
import type { RunSummary } from '../../functions/run/snapshot-pipeline.js';
import type { SnapshotStore } from '../../functions/run/snapshot-store.js';
import { defaultRunSettings } from '../../functions/settings/settings.js';
import { reportedDays } from '../../simulator/data.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { appConfigs, FAST_CLIENT, TEST_APPS } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

let sim: RunningSimulator;
/** Per app: the raw body, the rows and one object per month its 30 days touch. */
/** Raw body, rows, one month object per month of the 30 days, and the done marker. */
const KEYS_PER_APP = 3 + new Set(reportedDays(new Date()).map((d) => d.slice(0, 6))).size;

beforeAll(async () => {
  sim = await startSimulator({ apps: TEST_APPS });
});
afterAll(async () => {
  await sim.close();
});

/** A store that keeps what it is given, in memory. */
function memoryStore(): SnapshotStore & { readonly keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    async put(key) {
      keys.push(key);
    },
    get: async () => undefined,
    locate: (key) => `memory:${key}`,
  };
}

const input = (store: SnapshotStore) => ({
  apps: appConfigs(sim.url, TEST_APPS.slice(0, 2)),
  store,
  settings: { ...defaultRunSettings(), timeZone: 'UTC' },
  runId: 'run-service',
  now: new Date(),
  deadline: Date.now() + 20_000,
  client: FAST_CLIENT,
});

describe('runSnapshots', () => {
  it('runs every step after the snapshots are written, in order, with the summary', async () => {
    const store = memoryStore();
    const seen: string[] = [];
    const outcome = await runSnapshots(input(store), [
      { name: 'first', run: (summary) => void seen.push(`first ${summary.apps.length}`) },
      {
        name: 'second',
        run: async (summary: RunSummary) => {
          seen.push(`second ${store.keys.length} ${summary.ok}`);
        },
      },
    ]);
    expect(seen).toEqual(['first 2', `second ${2 * KEYS_PER_APP} true`]);
    expect(outcome.failedSteps).toEqual([]);
    expect(outcome.summary.ok).toBe(true);
  });

  it('runs the steps after one that fails and reports which failed, with its error', async () => {
    const boom = new Error('SNS is down');
    const seen: string[] = [];
    const outcome = await runSnapshots(input(memoryStore()), [
      {
        name: 'digest e-mail',
        run: () => {
          throw boom;
        },
      },
      { name: 'log', run: () => void seen.push('log') },
    ]);
    expect(seen).toEqual(['log']);
    expect(outcome.failedSteps).toEqual([{ step: 'digest e-mail', error: boom }]);
    expect(outcome.summary.ok).toBe(true);
  });

  it('takes the snapshots with no steps at all', async () => {
    const store = memoryStore();
    const outcome = await runSnapshots(input(store));
    expect(store.keys).toHaveLength(2 * KEYS_PER_APP);
    expect(outcome.failedSteps).toEqual([]);
  });

  it('gives every step claimOnce for the run date: true for the first run to claim a name, false after', async () => {
    const store = dirStore(await tempDir('run-service'));
    const claims: string[] = [];
    const step = {
      name: 'claims',
      async run(
        _summary: RunSummary,
        { claimOnce }: { claimOnce: (what: string) => Promise<boolean> },
      ) {
        claims.push(`digest ${await claimOnce('digest')}`, `notify ${await claimOnce('notify')}`);
      },
    };
    await runSnapshots(input(store), [step]);
    // A second run of the same date (a retry): every name is taken, the apps are skipped.
    const again = await runSnapshots({ ...input(store), runId: 'retry' }, [step]);
    expect(claims).toEqual(['digest true', 'notify true', 'digest false', 'notify false']);
    expect(again.summary.apps).toEqual([]);
    expect(again.summary.skipped.map((app) => app.sdkAppId)).toEqual([1400000101, 1400000102]);
  });

  it('tells the steps whether the run was forced: not unless asked', async () => {
    const forced: (boolean | undefined)[] = [];
    const step = {
      name: 'force',
      run: (_: RunSummary, { force }: RunContext) => void forced.push(force),
    };
    await runSnapshots(input(memoryStore()), [step]);
    await runSnapshots({ ...input(memoryStore()), force: true }, [step]);
    expect(forced).toEqual([false, true]);
  });
});
