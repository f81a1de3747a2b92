import { describe, expect, it } from 'vitest';
import {
  appTitle,
  chatDigest,
  dayHeading,
  figuresText,
  fitParts,
} from '../../functions/notify/chat-digest.js';
import {
  DAU_DROP,
  failed,
  metric,
  QUIET,
  SPIKE,
  summary,
  written,
} from '../support/run-summaries.js';

const FAIL_MESSAGE =
  'getappinfo failed for app 1400000103: 70020 SDKAppID not found — is "region" right for this app?';

/** QUIET's line figures, as `active 3,495 −9.1%` reads: no space before the per cent sign. */
const QUIET_FIGURES = [
  { label: 'active', value: '3,428', change: '+8.0%' },
  { label: 'msgs up', value: '24,047', change: '−29.6%' },
  { label: 'down', value: '79,804', change: '±0.0%' },
];

describe('chatDigest', () => {
  const run = summary([
    written(1400000001, 'Demo Chat'),
    written(1400000002, 'Demo Live', { ...QUIET, anomalies: [SPIKE] }),
    failed(1400000103, FAIL_MESSAGE, 'check the region'),
  ]);
  // Built in each test, not once for the block: a mutation run switches its mutant on per test.
  const demo = () => chatDigest(run, 'https://example.com/dashboard');

  it('builds the whole message of a run given in any order: failures, anomalies, then apps by status and SDKAppID', () => {
    const digest = chatDigest(
      summary([
        written(1400000005, 'Shop'),
        failed(1400000104, FAIL_MESSAGE.replace('1400000103', '1400000104'), 'check the region'),
        written(1400000003, 'Demo Live', { ...QUIET, anomalies: [SPIKE] }),
        written(1400000001, 'Demo Chat', { ...QUIET, day: '2026-11-26' }),
        failed(1400000102, 'getappinfo for app 1400000102 answered HTTP 503'),
        written(1400000004, 'Support', { ...QUIET, anomalies: [DAU_DROP] }),
        written(1400000002, null, { ...QUIET, day: null, metrics: [] }),
      ]),
      'https://example.com/dashboard',
    );
    expect(digest).toEqual({
      dt: '2026-11-28',
      runId: 'run-1',
      status: 'failed',
      title: 'chat-opsdata 2026-11-28',
      headline: '2 failed · 2 anomalies · 7 apps',
      // Three apps are on the 27th, one on the 26th, one has no days.
      day: '2026-11-27',
      trouble: [
        { kind: 'failed', sdkAppId: 1400000102, name: '', text: 'getappinfo answered HTTP 503' },
        {
          kind: 'failed',
          sdkAppId: 1400000104,
          name: '',
          text: 'getappinfo 70020 SDKAppID not found — is "region" right for this app? (check the region)',
        },
        { kind: 'anomaly', sdkAppId: 1400000003, name: 'Demo Live', text: SPIKE.message },
        { kind: 'anomaly', sdkAppId: 1400000004, name: 'Support', text: DAU_DROP.message },
      ],
      apps: [
        { sdkAppId: 1400000003, name: 'Demo Live', status: 'anomaly', figures: QUIET_FIGURES },
        { sdkAppId: 1400000004, name: 'Support', status: 'anomaly', figures: QUIET_FIGURES },
        {
          sdkAppId: 1400000001,
          name: 'Demo Chat',
          status: 'ok',
          otherDay: '2026-11-26',
          figures: QUIET_FIGURES,
        },
        { sdkAppId: 1400000002, name: '', status: 'ok', figures: [] },
        { sdkAppId: 1400000005, name: 'Shop', status: 'ok', figures: QUIET_FIGURES },
      ],
      dashboardUrl: 'https://example.com/dashboard',
    });
  });

  it('puts trouble first: the failed app, then the anomaly sentences', () => {
    expect(demo().trouble).toEqual([
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
    const digest = demo();
    expect(digest.apps.map((a) => [a.sdkAppId, a.status])).toEqual([
      [1400000002, 'anomaly'],
      [1400000001, 'ok'],
    ]);
    expect(digest.status).toBe('failed');
  });

  it('puts the apps with anomalies first whatever SDKAppIDs the failed apps have', () => {
    const digest = chatDigest(
      summary([
        written(1400000001, 'Demo Chat'),
        failed(1400000002, 'getappinfo for app 1400000002 answered HTTP 503'),
        written(1400000003, 'Demo Live', { ...QUIET, anomalies: [SPIKE] }),
      ]),
    );
    expect(digest.apps.map((a) => [a.sdkAppId, a.status])).toEqual([
      [1400000003, 'anomaly'],
      [1400000001, 'ok'],
    ]);
  });

  it('gives the hint only when the message does not say it already', () => {
    const said = chatDigest(
      summary([failed(5, 'getappinfo failed for app 5: 60020 expired — renew it', 'renew it')]),
    );
    expect(said.trouble[0]?.text).toBe('getappinfo 60020 expired — renew it');
  });

  it('says what happened in the headline and the title', () => {
    const digest = demo();
    expect(digest.title).toBe('chat-opsdata 2026-11-28');
    expect(digest.headline).toBe('1 failed · 1 anomaly · 3 apps');
    expect(chatDigest(summary([written(1, 'A'), written(2, 'B')])).headline).toBe(
      'all normal · 2 apps',
    );
  });

  it("gives each app the day's active users and messages with their week-over-week change", () => {
    const demoChat = demo().apps.find((a) => a.sdkAppId === 1400000001);
    expect(demoChat && figuresText(demoChat)).toBe(
      'active 3,428 +8.0% · msgs up 24,047 −29.6% · down 79,804 ±0.0%',
    );
    const empty = chatDigest(summary([written(9, 'Empty', { ...QUIET, day: null, metrics: [] })]));
    expect(empty.apps[0] && figuresText(empty.apps[0])).toBe('no days in the snapshot');
  });

  it('leaves out a figure the day lacks (a gap, not a zero)', () => {
    const gap = chatDigest(
      summary([
        written(1, 'A', {
          ...QUIET,
          metrics: QUIET.metrics.map((m) =>
            m.id === 'messages_up' ? metric('messages_up', null, null) : m,
          ),
        }),
      ]),
    );
    expect(gap.apps[0]?.figures).toEqual([QUIET_FIGURES[0], QUIET_FIGURES[2]]);
    expect(gap.apps[0] && figuresText(gap.apps[0])).toBe('active 3,428 +8.0% · down 79,804 ±0.0%');
  });

  it('takes the day most apps are on from the apps that have days', () => {
    const empty = (sdkAppId: number) =>
      written(sdkAppId, 'Empty', { ...QUIET, day: null, metrics: [] });
    const digest = chatDigest(summary([empty(1), empty(2), written(3, 'A')]));
    expect(digest.day).toBe('2026-11-27');
    expect(digest.apps.map((a) => a.otherDay)).toEqual([undefined, undefined, undefined]);
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
    expect(demo().dashboardUrl).toBe('https://example.com/dashboard');
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
