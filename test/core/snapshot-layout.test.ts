import { describe, expect, it } from 'vitest';
import { snapshotKeys } from '../../functions/core/snapshot-layout.js';

describe('snapshotKeys', () => {
  it('puts files directly under the partition, raw under raw/', () => {
    expect(snapshotKeys('getappinfo', '2026-11-28', 1400000000)).toEqual({
      rows: 'getappinfo/dt=2026-11-28/1400000000.json',
      raw: 'raw/getappinfo/dt=2026-11-28/1400000000.json',
    });
  });

  it('nests the partition under a nested prefix', () => {
    expect(snapshotKeys('chat/getappinfo', '2026-11-28', 1)).toEqual({
      rows: 'chat/getappinfo/dt=2026-11-28/1.json',
      raw: 'raw/chat/getappinfo/dt=2026-11-28/1.json',
    });
  });
});
