import { describe, expect, it } from 'vitest';
import { s3Store } from '../../functions/aws/s3-store.js';
import { dirStore } from '../../functions/local/dir-store.js';
import { alreadyDone, markDone, parseDoneRecord } from '../../functions/run/done-marker.js';
import { startS3 } from '../../tools/harness/s3-server.js';
import { readObject } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('done markers', () => {
  it('reads back which run wrote the day, how many rows and which days', async () => {
    const store = dirStore(await tempDir('done'));
    const now = new Date('2026-11-28T02:30:05Z');
    const at = await markDone(
      store,
      'getappinfo',
      '2026-11-28',
      { sdkAppId: 1400000001, rows: 30, days: { from: '2026-10-29', to: '2026-11-27' } },
      { runId: 'run-1', now },
    );
    expect(at).toMatch(/days\/getappinfo\/runs\/dt=2026-11-28\/1400000001\.done$/);
    expect(await alreadyDone(store, 'getappinfo', '2026-11-28', 1400000001)).toEqual({
      sdkAppId: 1400000001,
      marker: at,
      doneBy: {
        runId: 'run-1',
        writtenAt: '2026-11-28T02:30:05.000Z',
        rows: 30,
        days: { from: '2026-10-29', to: '2026-11-27' },
      },
    });
    expect(await alreadyDone(store, 'getappinfo', '2026-11-29', 1400000001)).toBeUndefined();
    expect(await alreadyDone(store, 'getappinfo', '2026-11-28', 1400000002)).toBeUndefined();
  });

  it('counts a marker it cannot read as done all the same: its existence is the contract', async () => {
    const root = await tempDir('done');
    const store = dirStore(root);
    await store.put('days/getappinfo/runs/dt=2026-11-28/7.done', 'not json', 'application/json');
    expect(await alreadyDone(store, 'getappinfo', '2026-11-28', 7)).toMatchObject({
      sdkAppId: 7,
      doneBy: undefined,
    });
  });

  it.each([
    ['not JSON', 'x'],
    ['an array', '[]'],
    ['no runId', '{"writtenAt":"t","rows":1}'],
    ['an empty runId', '{"runId":"","writtenAt":"t","rows":1}'],
    ['an empty writtenAt', '{"runId":"r","writtenAt":"","rows":1}'],
    ['a runId of 201 characters', `{"runId":"${'r'.repeat(201)}","writtenAt":"t","rows":1}`],
    ['rows not a whole number', '{"runId":"r","writtenAt":"t","rows":1.5}'],
    ['negative rows', '{"runId":"r","writtenAt":"t","rows":-1}'],
    ['more than 4 KB', `{"runId":"r","writtenAt":"t","rows":1,"x":"${'x'.repeat(4_100)}"}`],
  ])('reads no record from %s', (_name, text) => {
    expect(parseDoneRecord(bytes(text))).toBeUndefined();
  });

  it('drops a day range that is not two calendar days', () => {
    expect(
      parseDoneRecord(bytes('{"runId":"r","writtenAt":"t","rows":0,"days":{"from":"x","to":"y"}}')),
    ).toEqual({ runId: 'r', writtenAt: 't', rows: 0 });
  });

  it('reads a marker without a day range (a day with no rows) as one without days', () => {
    expect(parseDoneRecord(bytes('{"runId":"r","writtenAt":"t","rows":0}'))).toEqual({
      runId: 'r',
      writtenAt: 't',
      rows: 0,
    });
  });

  it.each([
    ['days that are not an object', '"2026-11-27"'],
    ['days without a from', '{"to":"2026-11-27"}'],
    ['days without a to', '{"from":"2026-11-27"}'],
  ])('drops %s', (_name, days) => {
    expect(parseDoneRecord(bytes(`{"runId":"r","writtenAt":"t","rows":0,"days":${days}}`))).toEqual(
      { runId: 'r', writtenAt: 't', rows: 0 },
    );
  });

  it('reads a runId of exactly 200 characters, and a marker of exactly 4 KB', () => {
    const runId = 'r'.repeat(200);
    expect(parseDoneRecord(bytes(`{"runId":"${runId}","writtenAt":"t","rows":1}`))).toEqual({
      runId,
      writtenAt: 't',
      rows: 1,
    });
    const head = '{"runId":"r","writtenAt":"t","rows":1,"x":"';
    const marker = bytes(`${head}${'x'.repeat(4_096 - head.length - 2)}"}`);
    expect(marker.byteLength).toBe(4_096);
    expect(parseDoneRecord(marker)).toEqual({ runId: 'r', writtenAt: 't', rows: 1 });
  });

  it('writes the marker to S3 as JSON', async () => {
    const s3 = await startS3({ buckets: ['done'] });
    try {
      const client = s3.client();
      const now = new Date('2026-11-28T02:30:05Z');
      await markDone(
        s3Store(client, 'done'),
        'getappinfo',
        '2026-11-28',
        { sdkAppId: 1400000001, rows: 0 },
        { runId: 'run-1', now },
      );
      const object = await readObject(
        client,
        'done',
        'days/getappinfo/runs/dt=2026-11-28/1400000001.done',
      );
      expect(object.contentType).toBe('application/json');
      expect(JSON.parse(object.body ?? '')).toEqual({
        runId: 'run-1',
        writtenAt: '2026-11-28T02:30:05.000Z',
        rows: 0,
      });
    } finally {
      await s3.close();
    }
  });
});
