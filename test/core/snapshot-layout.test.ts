import { describe, expect, it } from 'vitest';
import {
  doneKey,
  monthKey,
  monthKeyParts,
  runKey,
  snapshotKeys,
} from '../../functions/core/snapshot-layout.js';

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

describe('monthKey', () => {
  it('puts one object per app and month under days/<prefix>/month=YYYY-MM/', () => {
    expect(monthKey('getappinfo', '2026-11', 1400000000)).toBe(
      'days/getappinfo/month=2026-11/1400000000.json',
    );
    expect(monthKey('chat/getappinfo', '2026-01', 1n)).toBe(
      'days/chat/getappinfo/month=2026-01/1.json',
    );
  });
});

describe('monthKeyParts', () => {
  it.each([
    ['days/getappinfo/month=2026-11/1400000000.json', { month: '2026-11', sdkAppId: '1400000000' }],
    ['days/getappinfo/runs/dt=2026-11-28/1400000000.done', undefined],
    ['days/getappinfo/month=2026-11/.0f3c.tmp', undefined],
    ['days/getappinfo/month=2026-11/notes.json', undefined],
    ['days/getappinfo/month=2026-11/01400000000.json', undefined],
    ['days/getappinfo/month=2026-13/1.json', undefined],
    ['days/getappinfo/month=2026-11/sub/1.json', undefined],
    ['days/getappinfo/month=2026-11/1.json.gz', undefined],
    ['days/getappinfo/month=2026-11/backup-2026-10/1.json', undefined],
    ['days/getappinfo2/month=2026-11/1.json', undefined],
    // Another prefix of the same length.
    ['days/getappinfx/month=2026-11/1.json', undefined],
    ['getappinfo/month=2026-11/1.json', undefined],
  ])('%s → %j', (key, parts) => {
    expect(monthKeyParts('getappinfo', key)).toEqual(parts);
  });
});

describe('run bookkeeping keys', () => {
  it('keeps them under days/<prefix>/runs/dt=…/, beside the month layer and never in it', () => {
    expect(runKey('getappinfo', '2026-11-28', 'digest.sent')).toBe(
      'days/getappinfo/runs/dt=2026-11-28/digest.sent',
    );
    expect(doneKey('chat/getappinfo', '2026-11-28', 1400000000)).toBe(
      'days/chat/getappinfo/runs/dt=2026-11-28/1400000000.done',
    );
  });
});
