import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../functions/digest/anomaly-rules.js';
import type { Digest, DigestMetric } from '../../functions/digest/digest.js';
import { digestMail, MAX_MESSAGE_BYTES } from '../../functions/digest/digest-mail.js';
import {
  digestLine,
  digestTable,
  formatChange,
  formatValue,
  plainText,
} from '../../functions/digest/digest-text.js';
import type { AppResult, AppSnapshot, RunSummary } from '../../functions/run/snapshot-pipeline.js';

const metric = (
  id: DigestMetric['id'],
  label: string,
  value: number | null,
  changePct: number | null,
  unit: DigestMetric['unit'] = 'count',
): DigestMetric => ({
  id,
  label,
  unit,
  value,
  dayBefore: null,
  weekAgo: null,
  median7: null,
  changePct,
});

const DIGEST: Digest = {
  day: '2026-11-27',
  metrics: [
    {
      ...metric('active_users', 'Active users', 3428, 8),
      dayBefore: 3108,
      weekAgo: 3173,
      median7: 3210.5,
    },
    metric('login_users', 'Login users', 2919, -1.25),
    metric('messages_up', 'Messages up', 24047, -29.6),
    metric('messages_down', 'Messages down', 79804, 0),
    metric('peak_online', 'Peak online', null, null),
    metric('new_registrations', 'New registrations', 110, null),
    metric('total_registrations', 'Registered users', 281712, 0.2),
    metric('callback_success_rate', 'Callback success', 99.7, 0.1, 'percent'),
  ],
  anomalies: [],
  recent: [],
};

const DROP: Anomaly = {
  rule: 'dau_drop',
  day: '2026-11-27',
  message:
    'Active users fell to 70 on Fri 2026-11-27, 70.0 % of 100 on Fri 2026-11-20 a week earlier (dau_drop: ≤ 70.0 %).',
  value: 70,
  baseline: 100,
  baselineDay: '2026-11-20',
};

function written(sdkAppId: number, appName: string | null, digest: Digest = DIGEST): AppSnapshot {
  return {
    sdkAppId,
    ok: true,
    appName,
    company: 'Example Corp',
    rows: 30,
    days: { from: '2026-10-29', to: '2026-11-27' },
    written: [],
    attempts: 1,
    latencyMs: 100,
    elapsedMs: 120,
    digest,
  };
}

const summary = (apps: AppResult[]): RunSummary => ({
  runId: 'run-1',
  dt: '2026-11-28',
  ok: apps.every((a) => a.ok),
  apps,
});

describe('plainText', () => {
  it.each([
    ['Demo Chat', 'Demo Chat'],
    ['演示聊天 💬', '演示聊天 💬'],
    ['line\nbreak', 'line\uFFFDbreak'],
    ['\u001b[2J\u001b[31mred', '\uFFFD[2J\uFFFD[31mred'],
    ['admin\u202Egnp.exe', 'admin\uFFFDgnp.exe'],
    [null, ''],
  ])('shows %j as %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });

  it('trims the ends and gives nothing for no name', () => {
    expect(plainText('  Demo Chat \n')).toBe('Demo Chat');
    expect(plainText(undefined)).toBe('');
  });

  it('keeps a name exactly at the limit whole', () => {
    expect(plainText('a'.repeat(10), 10)).toBe('a'.repeat(10));
    expect(plainText('a'.repeat(11), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('cuts a long name to the limit with an ellipsis, counting characters not code units', () => {
    expect(plainText('💬'.repeat(100), 10)).toBe(`${'💬'.repeat(9)}…`);
  });
});

describe('number formatting', () => {
  it.each([
    [8, '+8.0 %'],
    [-29.6, '−29.6 %'],
    [0, '±0.0 %'],
    [null, 'n/a'],
  ])('change %s reads %s', (pct, text) => {
    expect(formatChange(pct)).toBe(text);
  });

  it('groups thousands and shows percentages with one decimal', () => {
    expect(formatValue(281712, 'count')).toBe('281,712');
    expect(formatValue(99.72, 'percent')).toBe('99.72 %');
    expect(formatValue(97.25, 'percent')).toBe('97.3 %');
    expect(formatValue(100, 'percent')).toBe('100.0 %');
    expect(formatValue(99, 'percent')).toBe('99.00 %');
    expect(formatValue(98.99, 'percent')).toBe('99.0 %');
    expect(formatValue(null, 'count')).toBe('–');
  });
});

describe('digestLine', () => {
  it("gives the day's figures with their change against a week earlier, skipping missing ones", () => {
    expect(digestLine(DIGEST)).toBe(
      '2026-11-27 vs a week earlier: active 3,428 +8.0% · login 2,919 −1.3% · up 24,047 −29.6% · down 79,804 ±0.0% · new 110 n/a · callbacks 99.70% +0.1%',
    );
  });

  it('names peak online "peak" and leaves out the registered-users total', () => {
    const line = digestLine({
      ...DIGEST,
      metrics: DIGEST.metrics.map((m) =>
        m.id === 'peak_online' ? { ...m, value: 257, changePct: -8.5 } : m,
      ),
    });
    expect(line).toContain(' · peak 257 −8.5% · ');
    expect(line).not.toContain('281,712');
  });

  it('says when there are no days', () => {
    expect(digestLine({ ...DIGEST, day: null })).toBe('no days in this snapshot');
  });
});

describe('digestTable', () => {
  it('lines up the day, the day before, the week-earlier day, the median and the change', () => {
    const [header, active] = digestTable(DIGEST);
    // Columns: label (17 = "New registrations"), values right-aligned to their widest cell.
    expect(header).toBe(
      `${' '.repeat(17)}      day  day before  week earlier  7-day median   change`,
    );
    expect(active).toBe(
      `Active users${' '.repeat(5)}    3,428       3,108         3,173         3,211   +8.0 %`,
    );
  });
});

describe('digestTable rows', () => {
  it('shows a missing median as a dash and rounds a median to the nearest whole count', () => {
    const rows = digestTable(DIGEST);
    expect(rows[1]?.endsWith('3,211   +8.0 %')).toBe(true);
    expect(rows[2]).toMatch(/^Login users\s+2,919\s+–\s+–\s+–\s+−1\.3 %$/);
  });
});

describe('digestMail', () => {
  it('writes this exact message for one quiet app (written out by hand)', () => {
    const quiet: Digest = { ...DIGEST, metrics: DIGEST.metrics.slice(0, 1) };
    const mail = digestMail(summary([written(1400000001, 'Demo Chat', quiet)]));
    expect(mail).toEqual({
      subject: 'chat-opsdata 2026-11-28: all normal (1 app)',
      message: [
        'chat-opsdata daily digest, run date 2026-11-28 (run run-1)',
        '1 of 1 app written, 0 anomalies, 0 failed.',
        '',
        '1400000001 Demo Chat (Example Corp), day 2026-11-27',
        '                  day  day before  week earlier  7-day median  change',
        '  Active users  3,428       3,108         3,173         3,211  +8.0 %',
        '',
      ].join('\n'),
    });
  });

  it('counts anomalies in the plural and says an app had no days, without a table', () => {
    const mail = digestMail(
      summary([
        written(1, 'A', { ...DIGEST, anomalies: [DROP, { ...DROP, rule: 'messages_drop' }] }),
        written(2, null, { ...DIGEST, day: null }),
      ]),
    );
    expect(mail.subject).toBe('chat-opsdata 2026-11-28: 2 anomalies (2 apps)');
    expect(mail.message).toContain('2 of 2 apps written, 2 anomalies, 0 failed.');
    expect(mail.message.endsWith('\n\n2 (Example Corp), no days in the snapshot\n')).toBe(true);
  });

  it('names a failed app with its message, and adds no hint line without a hint', () => {
    const failed: AppResult = {
      sdkAppId: 7,
      ok: false,
      written: [],
      attempts: 2,
      elapsedMs: 40,
      error: { name: 'GetAppInfoError', message: 'getappinfo for app 7 timed out after 10000 ms' },
    };
    const lines = digestMail(summary([failed])).message.split('\n');
    const at = lines.findIndex((line) => line.startsWith('FAILED'));
    expect(lines.slice(at + 1)).toEqual(['- 7: getappinfo for app 7 timed out after 10000 ms', '']);
    expect(lines).not.toContain('ANOMALIES');
  });

  it('puts the anomalies first, then the failures, then every app', () => {
    const failed: AppResult = {
      sdkAppId: 1400000003,
      ok: false,
      written: [],
      attempts: 1,
      elapsedMs: 40,
      error: {
        name: 'GetAppInfoError',
        message: 'getappinfo failed for app 1400000003: 70020',
        hint: 'is "region" right?',
      },
    };
    const mail = digestMail(
      summary([
        written(1400000001, 'Demo Chat'),
        written(1400000002, 'Demo Live', { ...DIGEST, anomalies: [DROP] }),
        failed,
      ]),
    );
    expect(mail.subject).toBe('chat-opsdata 2026-11-28: 1 anomaly, 1 failed (3 apps)');
    const lines = mail.message.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'chat-opsdata daily digest, run date 2026-11-28 (run run-1)',
      '2 of 3 apps written, 1 anomaly, 1 failed.',
    ]);
    const at = (text: string) => lines.findIndex((line) => line.startsWith(text));
    expect(at('ANOMALIES')).toBeLessThan(at('FAILED'));
    expect(at('FAILED')).toBeLessThan(at('1400000001 Demo Chat (Example Corp), day 2026-11-27'));
    expect(lines[at('ANOMALIES') + 1]).toBe(
      `- 1400000002 Demo Live (Example Corp): ${DROP.message}`,
    );
    expect(lines[at('FAILED') + 2]).toBe('  hint: is "region" right?');
  });

  it('says all normal when nothing happened', () => {
    expect(digestMail(summary([written(1, 'A')])).subject).toBe(
      'chat-opsdata 2026-11-28: all normal (1 app)',
    );
  });

  it('keeps the subject ASCII, one line, under 100 characters, whatever the app names', () => {
    const mail = digestMail(summary([written(1, '演示\n聊天')]));
    expect(mail.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    expect(mail.message).toContain('1 演示\uFFFD聊天 (Example Corp)');
  });

  it('stays under the SNS size limit for thousands of apps and says what it left out', () => {
    const apps = Array.from({ length: 3000 }, (_, i) => written(1400000000 + i, `App ${i}`));
    const { message } = digestMail(summary(apps));
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    const note =
      /\n\n… (\d+) more lines left out \(SNS message size limit\); see the log\.\n$/.exec(message);
    expect(note).not.toBeNull();
    // Every line there would be: 2 for the head, then per app a blank, a title and 9 table lines.
    const total = 2 + apps.length * (1 + 1 + 9);
    const kept = message.slice(0, note?.index).split('\n').length;
    expect(Number(note?.[1])).toBe(total - kept);
  });

  it('leaves nothing out when it fits', () => {
    expect(digestMail(summary([written(1, 'A')])).message).not.toContain('left out');
  });
});
