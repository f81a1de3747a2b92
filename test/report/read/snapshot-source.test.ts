import { describe, expect, it } from 'vitest';
import { snapshotDt } from '../../../functions/report/read/snapshot-source.js';

describe('snapshotDt', () => {
  it.each([
    ['getappinfo/dt=2026-11-28/1400000001.json', '2026-11-28'],
    ['getappinfo/dt=2026-11-28/anything.json', '2026-11-28'],
    ['getappinfo/dt=2026-11-28/.6b1c.tmp', undefined],
    ['getappinfo/dt=2026-11-28/.hidden.json', undefined],
    ['getappinfo/dt=2026-11-28/sub/1.json', undefined],
    ['getappinfo/dt=2026-13-01/1.json', undefined],
    ['getappinfo/dt=2026-11-28/1.json.gz', undefined],
    ['getappinfo/other.json', undefined],
    ['getappinfo2/dt=2026-11-28/1.json', undefined],
    ['raw/getappinfo/dt=2026-11-28/1.json', undefined],
  ])('%s → %s', (key, dt) => {
    expect(snapshotDt('getappinfo', key)).toBe(dt);
  });
});
