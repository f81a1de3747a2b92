import { describe, expect, it } from 'vitest';
import {
  appTitle,
  chatDigest,
  dayHeading,
  figuresText,
  fitParts,
} from '../../functions/notify/chat-digest.js';
import { failed, QUIET, SPIKE, summary, written } from '../support/run-summaries.js';

const FAIL_MESSAGE =
  'getappinfo failed for app 1400000103: 70020 SDKAppID not found — is "region" right for this app?';

describe('chatDigest', () => {
  const run = summary([
    written(1400000001, 'Demo Chat'),
    written(1400000002, 'Demo Live', { ...QUIET, anomalies: [SPIKE] }),
    failed(1400000103, FAIL_MESSAGE, 'check the region'),
  ]);
  const digest = chatDigest(run, 'https://example.com/dashboard');

  it('puts trouble first: the failed app, then the anomaly sentences', () => {
    expect(digest.trouble).toEqual([
      {
        kind: 'failed',
        sdkAppId: 1400000103,
        name: '',
        // Without the app id the line already shows, with the hint the message lacked.
        text: 'getappinfo 70020 SDKAppID not found — is "region" right for this app? (check the region)',
      },
      { kind: 'anomaly', sdkAppId: 1400000002, name: 'Demo Live', text: SPIKE.message },
    ]);
  });

  it('lists the written apps, those with anomalies first; a failed app only in the trouble', () => {
    expect(digest.apps.map((a) => [a.sdkAppId, a.status])).toEqual([
      [1400000002, 'anomaly'],
      [1400000001, 'ok'],
    ]);
    expect(digest.status).toBe('failed');
  });

  it('gives the hint only when the message does not say it already', () => {
    const said = chatDigest(
      summary([failed(5, 'getappinfo failed for app 5: 60020 expired — renew it', 'renew it')]),
    );
    expect(said.trouble[0]?.text).toBe('getappinfo 60020 expired — renew it');
  });

  it('says what happened in the headline and the title', () => {
    expect(digest.title).toBe('chat-opsdata 2026-11-28');
    expect(digest.headline).toBe('1 failed · 1 anomaly · 3 apps');
    expect(chatDigest(summary([written(1, 'A'), written(2, 'B')])).headline).toBe(
      'all normal · 2 apps',
    );
  });

  it("gives each app the day's active users and messages with their week-over-week change", () => {
    const demoChat = digest.apps.find((a) => a.sdkAppId === 1400000001);
    expect(demoChat && figuresText(demoChat)).toBe(
      'active 3,428 +8.0% · msgs up 24,047 −29.6% · down 79,804 ±0.0%',
    );
    const empty = chatDigest(summary([written(9, 'Empty', { ...QUIET, day: null, metrics: [] })]));
    expect(empty.apps[0] && figuresText(empty.apps[0])).toBe('no days in the snapshot');
  });

  it('names the day most apps are on, and the other day where an app differs', () => {
    const late = chatDigest(
      summary([
        written(1, 'A'),
        written(2, 'B'),
        written(3, 'Late', { ...QUIET, day: '2026-11-26' }),
      ]),
    );
    expect(late.day).toBe('2026-11-27');
    expect(dayHeading(late)).toBe('Fri 2026-11-27 against a week earlier:');
    const lateApp = late.apps.find((a) => a.sdkAppId === 3);
    expect(lateApp && figuresText(lateApp)).toMatch(/^2026-11-26: active 3,428/);
  });

  it('takes the earliest day when as many apps are on each, and the most common one otherwise', () => {
    const on = (sdkAppId: number, day: string) =>
      written(sdkAppId, `App ${sdkAppId}`, { ...QUIET, day });
    const tie = chatDigest(summary([on(1, '2026-11-27'), on(2, '2026-11-26')]));
    expect(tie.day).toBe('2026-11-26');
    expect(tie.apps.map((a) => a.otherDay)).toEqual(['2026-11-27', undefined]);
    const most = chatDigest(
      summary([on(1, '2026-11-26'), on(2, '2026-11-26'), on(3, '2026-11-27')]),
    );
    expect(most.day).toBe('2026-11-26');
  });

  it('says so above the apps when no app has a day in its snapshot', () => {
    const empty = chatDigest(summary([written(9, 'Empty', { ...QUIET, day: null, metrics: [] })]));
    expect(empty.day).toBeNull();
    expect(dayHeading(empty)).toBe('No app has days in its snapshot:');
  });

  it('makes API text one safe line: no line break, no terminal escape, no bidi override', () => {
    const hostile = chatDigest(summary([written(7, 'Evil\n\u001b[31mred\u202e')]));
    expect(hostile.apps[0]?.name).toBe('Evil red\uFFFD');
  });

  it('names an app without a name by its SDKAppID', () => {
    expect(appTitle({ sdkAppId: 1400000001, name: '' })).toBe('1400000001');
    expect(appTitle({ sdkAppId: 1400000001, name: 'A*B' }, (t) => t.replace('*', '∗'))).toBe(
      'A∗B (1400000001)',
    );
  });

  it('keeps the dashboard link it was given, and none without', () => {
    expect(digest.dashboardUrl).toBe('https://example.com/dashboard');
    expect(chatDigest(run).dashboardUrl).toBeUndefined();
  });
});

describe('fitParts', () => {
  const render = (kept: readonly string[], leftOut: number) =>
    `${kept.join('\n')}${leftOut > 0 ? `\n… ${leftOut} more` : ''}`;

  it('keeps everything that fits', () => {
    expect(fitParts(['a', 'b'], 100, render)).toEqual({ kept: ['a', 'b'], leftOut: 0 });
  });

  it('keeps the longest prefix whose rendering, with its note, fits the bytes', () => {
    const parts = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    const { kept, leftOut } = fitParts(parts, 100, render);
    expect(Buffer.byteLength(render(kept, leftOut))).toBeLessThanOrEqual(100);
    expect(Buffer.byteLength(render(parts.slice(0, kept.length + 1), leftOut - 1))).toBeGreaterThan(
      100,
    );
    expect(kept).toEqual(parts.slice(0, kept.length));
    expect(leftOut).toBe(50 - kept.length);
  });

  it('counts bytes, not characters', () => {
    // Each "界" is 3 bytes in UTF-8: four of them are 4 characters but 12 bytes.
    expect(fitParts(['界', '界', '界', '界'], 6, (kept) => kept.join('')).kept).toEqual([
      '界',
      '界',
    ]);
  });
});
