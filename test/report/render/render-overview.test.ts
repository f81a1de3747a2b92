/** The overview the report opens with, and the cards' colours and figures, from real digests. */
import { describe, expect, it } from 'vitest';
import { dayRange } from '../../../functions/core/dates.js';
import { DEFAULT_RULES } from '../../../functions/digest/anomaly-rules.js';
import { digestOf } from '../../../functions/digest/digest.js';
import { appHistories } from '../../../functions/report/app-history.js';
import type { AppReport } from '../../../functions/report/render/render-app.js';
import { renderDigest } from '../../../functions/report/render/render-digest.js';
import { renderOverview, troubleOrder } from '../../../functions/report/render/render-overview.js';
import { reportRow } from '../../../tools/harness/report-fixture.js';

const RUN_DATE = '2026-12-01';
const DAYS = dayRange('2026-11-01', '2026-11-30');

/** 30 days of an app; the newest day's values come from `newest`. */
function app(
  id: bigint,
  name: string,
  newest: Partial<Parameters<typeof reportRow>[0]> = {},
  every: Partial<Parameters<typeof reportRow>[0]> = {},
): AppReport {
  const rows = DAYS.map((day) =>
    reportRow({
      app_id: id,
      app_name: name,
      stat_date: day,
      active_user_num: 1000n,
      up_msg_num: 10_000n,
      down_msg_num: 20_000n,
      callback_req: 10_000n,
      callback_rsp: 9_990n,
      ...every,
      ...(day === DAYS.at(-1) ? newest : {}),
    }),
  );
  const [history] = appHistories(rows);
  if (history === undefined) throw new Error('no history');
  return { history, digest: digestOf(history.allRows, { runDate: RUN_DATE }) };
}

const QUIET = app(1400000001n, 'Quiet', { active_user_num: 900n, up_msg_num: 11_000n });
const SPAM = app(1400000002n, 'Spam', { up_msg_num: 50_000n, down_msg_num: 200_000n });
const SMALL = app(1400000003n, 'Small', { active_user_num: 5n }, { active_user_num: 10n });
const BROKEN = app(1400000004n, 'Broken', { active_user_num: 100n, callback_rsp: 9_000n });

describe('the cards: colour is bad news, not direction', () => {
  const tones = (report: AppReport) =>
    Object.fromEntries(
      [
        ...renderDigest(report.digest, DEFAULT_RULES).text.matchAll(
          /data-metric="(\w+)" data-tone="(\w+)"/g,
        ),
      ].map((m) => [m[1], m[2]]),
    );

  it('leaves a healthy app with falls and rises all neutral', () => {
    expect(QUIET.digest.anomalies).toEqual([]);
    expect(new Set(Object.values(tones(QUIET)))).toEqual(new Set(['neutral']));
  });

  it('marks messages up bad on the day of the spam, and nothing else', () => {
    expect(SPAM.digest.anomalies.map((a) => a.rule)).toEqual(['messages_spike']);
    expect(tones(SPAM)).toMatchObject({
      messages_up: 'bad',
      messages_down: 'neutral',
      active_users: 'neutral',
    });
  });

  it("shows the compared day's value and a rate's change in points", () => {
    const text = renderDigest(BROKEN.digest, DEFAULT_RULES).text;
    expect(text).toContain('<span class="against">vs 1,000 on Mon 11-23</span>');
    // 90.00 % against 99.90 %: −9.90 points, not a relative −9.9 %.
    expect(text).toMatch(
      /data-metric="callback_success_rate" data-tone="bad">[\s\S]*?<span class="change" data-tone="bad">▼ −9\.90 pp<\/span> <span class="against">vs 99\.90 % on Mon 11-23<\/span>/,
    );
  });

  it('leaves out the cards of figures no snapshot holds (--fields)', () => {
    const text = renderDigest(QUIET.digest, DEFAULT_RULES).text;
    expect(text).toContain('data-metric="active_users"');
    expect(text).not.toContain('data-metric="peak_online"');
    expect(text).not.toContain('no week-earlier value');
  });
});

describe('renderOverview', () => {
  const html = renderOverview([QUIET, SPAM, SMALL, BROKEN], DEFAULT_RULES).text;
  const rows = [...html.matchAll(/<tr data-app-id="(\d+)" data-anomalies="(\d+)" class="(\w+)">/g)];

  it('lists every app, trouble first: most anomalies, then a figure worth a look, then by SDKAppID', () => {
    expect(BROKEN.digest.anomalies.map((a) => a.rule)).toEqual(['dau_drop', 'callback_failures']);
    expect(rows.map((m) => [m[1], m[2], m[3]])).toEqual([
      ['1400000004', '2', 'trouble'],
      ['1400000002', '1', 'trouble'],
      ['1400000003', '0', 'quiet'],
      ['1400000001', '0', 'quiet'],
    ]);
    expect(troubleOrder([QUIET, SMALL], DEFAULT_RULES).map((a) => a.history.appName)).toEqual([
      'Small',
      'Quiet',
    ]);
  });

  it("links each row to the app's section and names the rules that fired", () => {
    expect(html).toContain(
      '<a href="#app-1400000004"><bdi>Broken</bdi></a> <span class="id">1400000004</span>',
    );
    expect(html).toMatch(
      /<span class="flag">⚠ 2<\/span> <code>dau_drop<\/code> <code>callback_failures<\/code>/,
    );
  });

  it('shows the key figures the snapshots hold, each with its change and tone', () => {
    const heads = [...html.matchAll(/<th scope="col">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(heads).toEqual([
      'App',
      'Day',
      'Anomalies',
      'Active users',
      'Messages up',
      'Messages down',
      'Callback success',
    ]);
    expect(html).toMatch(
      /data-metric="messages_up" data-tone="bad"><span class="value">50,000<\/span> <span class="change" data-tone="bad">▲ \+400\.0 %<\/span>/,
    );
    expect(html).toMatch(
      /data-metric="active_users" data-tone="watch"><span class="value">5<\/span>/,
    );
  });

  it('is left out for a single app, whose section says it all', () => {
    expect(renderOverview([QUIET], DEFAULT_RULES).text).toBe('');
  });
});
