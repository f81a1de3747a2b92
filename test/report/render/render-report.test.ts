import { describe, expect, it } from 'vitest';
import { dayRange } from '../../../functions/core/dates.js';
import type { Digest } from '../../../functions/digest/digest.js';
import { digestOf } from '../../../functions/digest/digest.js';
import { type AppHistory, appHistories } from '../../../functions/report/app-history.js';
import type { AppReport, ReportInput } from '../../../functions/report/render/render-report.js';
import {
  CONTENT_SECURITY_POLICY,
  renderReport,
} from '../../../functions/report/render/render-report.js';
import { reportRow } from '../../../tools/harness/report-fixture.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const ESCAPED = '&lt;img src=x onerror=alert(1)&gt;';

/** 20 days of app 1400000001 up to 2026-11-27, with 2026-11-24 missing. */
function history(
  overrides: Parameters<typeof reportRow>[0] extends infer R ? Partial<R> : never = {},
): AppHistory {
  const rows = dayRange('2026-11-08', '2026-11-27')
    .filter((day) => day !== '2026-11-24')
    .map((day, i) =>
      reportRow({
        stat_date: day,
        active_user_num: 1000n + BigInt(i),
        login_user_num: 900n,
        c2c_up_msg_num: 9007199254740993n,
        callback_req: 3n,
        callback_rsp: 2n,
        ...overrides,
      }),
    );
  const [app] = appHistories(rows);
  if (app === undefined) throw new Error('no app');
  return app;
}

const CALM: Digest = { day: '2026-11-27', metrics: [], anomalies: [], recent: [] };

function page(apps: readonly AppReport[], extra: Partial<ReportInput> = {}): string {
  return renderReport({
    apps,
    source: 'snapshots/getappinfo/',
    snapshotCount: 2,
    newestDt: '2026-11-28',
    days: undefined,
    generatedAt: '2026-11-28T03:00:00.000Z',
    ignored: [],
    ...extra,
  });
}

/** The charts of the figures the fixture rows hold (users, C2C messages up, callbacks). */
const WITH_DATA = ['users', 'messages-up', 'callback-success'];

const svgs = (html: string) => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];

describe('renderReport escaping', () => {
  const hostile = history({ app_name: HOSTILE, company: '<script>alert("c")</script>' });
  const digest: Digest = {
    day: '2026-11-27',
    metrics: [],
    anomalies: [
      { rule: 'dau_drop', day: '2026-11-27', message: `Active users of ${HOSTILE} fell.` },
    ],
    recent: [],
  };
  const html = page(
    [
      { history: hostile, digest },
      { history: history({ app_id: 1400000002n }), digest: CALM },
    ],
    { ignored: ['getappinfo/<b>.json'], source: '<i>source</i>' },
  );

  it('never lets an API value through as markup', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<i>');
  });

  it('shows the hostile name as text in the heading, the overview and the charts’ labels', () => {
    expect(html).toContain(`<h2><bdi>${ESCAPED}</bdi></h2>`);
    expect(html).toContain(
      `<a href="#app-1400000001"><bdi>${ESCAPED}</bdi></a> <span class="id">1400000001</span>`,
    );
    expect(html).toContain(`aria-label="Active and login users — ${ESCAPED}"`);
    expect(html).toContain(
      '<bdi>&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt;</bdi> · SDKAppID',
    );
  });

  it('shows bidi overrides in API values as U+FFFD, each value isolated in <bdi>', () => {
    const rlo = history({ app_name: 'Evil\u202egnp.exe', company: 'Co\u202e\u2066' });
    const text = page([{ history: rlo, digest: CALM }]);
    expect(text).toContain('<h2><bdi>Evil\uFFFDgnp.exe</bdi></h2>');
    expect(text).toContain(
      '<p class="facts"><bdi>Co\uFFFD\uFFFD</bdi> · SDKAppID <span class="id">1400000001</span>',
    );
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
    expect(text).toContain('aria-label="Active and login users — Evil\uFFFDgnp.exe"');
  });

  it('isolates a right-to-left name, which stays as it is', () => {
    const arabic = history({ app_name: 'دردشة', company: 'شركة' });
    const text = page([{ history: arabic, digest: CALM }]);
    expect(text).toContain('<h2><bdi>دردشة</bdi></h2>');
    expect(text).toContain('<p class="facts"><bdi>شركة</bdi> · SDKAppID');
  });

  it('escapes the digest’s anomaly messages', () => {
    expect(html).toContain(`<code>dau_drop</code> Active users of ${ESCAPED} fell.</li>`);
  });

  it('keeps API values out of the chart SVG altogether', () => {
    expect(svgs(html)).toHaveLength(2 * WITH_DATA.length);
    for (const svg of svgs(html)) {
      expect(svg).not.toMatch(/img|onerror|script/i);
    }
  });
});

describe('renderReport structure', () => {
  const app = history();
  const html = page([{ history: app, digest: digestOf(app.allRows, { runDate: '2026-11-28' }) }]);

  it('is one self-contained page: a strict CSP, no script, nothing to fetch', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replaceAll("'", '&#39;')}">`,
    );
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|@font-face|url\((?!#)/i);
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
    // The only absolute URLs are the SVG namespaces, which nothing fetches.
    const urls = new Set(html.match(/https?:\/\/[^\s"')]+/g));
    expect([...urls].sort()).toEqual([
      'http://www.w3.org/1999/xlink',
      'http://www.w3.org/2000/svg',
    ]);
  });

  it('gives each app its days, its charts and a 14-day table, newest first', () => {
    expect(html.match(/<section class="app"/g)).toHaveLength(1);
    expect(html).toContain(
      '2026-11-08 … 2026-11-27</span> · 19 days · <span class="gap-note">1 missing</span>',
    );
    // Only the charts of figures the rows hold: a field not asked for draws no empty frame.
    expect(
      [...html.matchAll(/<figure class="chart" data-chart="([^"]+)"/g)].map((m) => m[1]),
    ).toEqual(WITH_DATA);
    const rows = [...html.matchAll(/<tr(?: class="missing")?><th scope="row">([\d-]+)<\/th>/g)];
    expect(rows.map((m) => m[1])).toEqual(dayRange('2026-11-14', '2026-11-27').reverse());
    expect(html).toContain(
      // Active, Logged in, C2C up and Success: the columns the rows have values for.
      '<tr class="missing"><th scope="row">2026-11-24</th><td colspan="4">no snapshot has this day</td></tr>',
    );
  });

  it('prints exact digits with thousands separators in the table', () => {
    expect(html).toContain('<td>9,007,199,254,740,993</td>');
    expect(html).toContain('<td>1,018</td>');
    expect(html).toContain('<td>66.67 %</td>');
  });

  it('draws a missing day as a break in the line and a shaded band, not as zero', () => {
    const [users] = svgs(html);
    const line =
      /<g clip-path="url\(#a0-users-c0\)">\s*<path d="([^"]+)"/.exec(users ?? '')?.[1] ?? '';
    // Two runs of days (before and after the gap): each starts with a move, not a line to 0.
    expect(line.match(/M/g)).toHaveLength(2);
    expect(line.match(/[\d.]+ [\d.]+/g)).toHaveLength(19);
    expect(users).toContain('fill-opacity="0.14"');
  });

  it('gives each chart its own ids, so charts never share a clip path', () => {
    const ids = html.match(/id="[^"]+"/g) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).not.toMatch(/zr\d+-/);
  });

  it('lists the anomalies first, then the key figures against the week before', () => {
    const digest = html.slice(html.indexOf('<div class="digest">'));
    expect(digest.indexOf('class="anomalies"')).toBeLessThan(digest.indexOf('class="metrics"'));
    expect(digest).toContain('<li data-rule="data_late"><code>data_late</code> 1 day(s) missing');
    expect(digest).toMatch(
      /data-metric="active_users" data-tone="neutral">\s*<div class="label">Active users<\/div>\s*<div class="value">1,018<\/div>\s*<div><span class="change" data-tone="neutral">▲ \+0\.6 %<\/span> <span class="against">vs 1,012 on Fri 11-20<\/span><\/div>/,
    );
  });

  it('says when there is no week-earlier value and when there is no anomaly', () => {
    const short = history();
    const days = appHistories(short.allRows.slice(-3))[0] as AppHistory;
    const html3 = page([
      { history: days, digest: digestOf(days.allRows, { runDate: '2026-11-28' }) },
    ]);
    expect(html3).toContain('<p class="calm">✓ No anomalies on Fri 2026-11-27.</p>');
    expect(html3).toContain('<span class="change" data-tone="none">no week-earlier value</span>');
  });

  it('shows an app with no day in the range without charts', () => {
    const histories = appHistories(
      [...history().allRows, reportRow({ app_id: 1500000000n, stat_date: '2026-12-31' })],
      { days: 3 },
    );
    const stale = histories[0] as AppHistory;
    expect(stale.appId).toBe(1400000001n);
    const html0 = page([{ history: stale, digest: CALM }]);
    expect(html0).toContain('no days in the range shown (newest day: 2026-11-27)');
    expect(html0).not.toContain('<figure');
    expect(html0).not.toContain('<table');
  });
});
