import { describe, expect, it } from 'vitest';
import { MESSAGE_MAX } from '../../functions/core/plain-text.js';
import type { Digest, DigestMetric } from '../../functions/digest/digest.js';
import {
  digestMail,
  MAX_MESSAGE_BYTES,
  mailAsText,
  reportCommand,
} from '../../functions/digest/digest-mail.js';
import type { AppResult, AppSnapshot } from '../../functions/run/snapshot-pipeline.js';
import { hasUnsafeText } from '../support/fixtures.js';
import { DAU_DROP, failed as failedApp, summary } from '../support/run-summaries.js';

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
  // A rate's change is in points: the helper's change stands for those.
  changePoints: unit === 'percent' ? changePct : null,
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

describe('digestMail', () => {
  it('writes this exact message for one quiet app (written out by hand)', () => {
    const quiet: Digest = { ...DIGEST, metrics: DIGEST.metrics.slice(0, 1) };
    const mail = digestMail(summary([written(1400000001, 'Demo Chat', quiet)]));
    expect(mail).toEqual({
      subject: 'chat-opsdata Fri 2026-11-27: all normal (1 app)',
      message: [
        'chat-opsdata daily digest: the figures of Fri 2026-11-27 (run date 2026-11-28, run run-1)',
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
        written(1, 'A', {
          ...DIGEST,
          anomalies: [DAU_DROP, { ...DAU_DROP, rule: 'messages_drop' }],
        }),
        written(2, null, { ...DIGEST, day: null }),
      ]),
    );
    expect(mail.subject).toBe('chat-opsdata Fri 2026-11-27: 2 anomalies (2 apps)');
    expect(mail.message).toContain('2 of 2 apps written, 2 anomalies, 0 failed.');
    expect(mail.message.endsWith('\n\n2 (Example Corp), no days in the snapshot\n')).toBe(true);
    const nobody = digestMail(
      summary([{ ...written(3, 'C', { ...DIGEST, day: null }), company: null }]),
    );
    expect(nobody.message.endsWith('\n\n3 C, no days in the snapshot\n')).toBe(true);
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

  it('says what was written for a failed app: no complete snapshot, or only its raw body', () => {
    const rawOnly: AppResult = {
      sdkAppId: 8,
      ok: false,
      written: ['s3://b/raw/getappinfo/dt=2026-11-28/8.json'],
      attempts: 1,
      elapsedMs: 40,
      error: {
        name: 'StoreError',
        message: 'could not write s3://b/getappinfo/dt=2026-11-28/8.json',
      },
    };
    const lines = digestMail(summary([rawOnly])).message.split('\n');
    const at = lines.findIndex((line) => line.startsWith('FAILED'));
    expect(lines[at]).toBe(
      'FAILED (no complete snapshot for 2026-11-28 yet: Lambda retries a failed run, and the alarm topic says when every app is written)',
    );
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '- 8: could not write s3://b/getappinfo/dt=2026-11-28/8.json',
      '  written: only the raw body (s3://b/raw/getappinfo/dt=2026-11-28/8.json); the typed rows were not',
    ]);
    expect(lines.join('\n')).not.toContain('nothing new was written');
  });

  it('says the typed rows were written when a month object was not', () => {
    // The run writes the raw body, then the typed rows, then merges into the month objects.
    const monthFailed: AppResult = {
      sdkAppId: 8,
      ok: false,
      written: [
        's3://b/raw/getappinfo/dt=2026-11-28/8.json',
        's3://b/getappinfo/dt=2026-11-28/8.json',
      ],
      attempts: 1,
      elapsedMs: 40,
      error: {
        name: 'StoreError',
        message: 'could not merge into s3://b/days/getappinfo/month=2026-11/8.json: …',
      },
    };
    const { message } = digestMail(summary([monthFailed]));
    expect(message).toContain(
      '\n  written: the raw body and the typed rows (s3://b/raw/getappinfo/dt=2026-11-28/8.json, s3://b/getappinfo/dt=2026-11-28/8.json), but not all that follows (the month objects, the done marker); a retry writes this app again\n',
    );
    expect(message).not.toContain('the typed rows were not');
  });

  it('says the month objects were written too when only the done marker was not', () => {
    const markerFailed: AppResult = {
      sdkAppId: 8,
      ok: false,
      written: [
        's3://b/raw/getappinfo/dt=2026-11-28/8.json',
        's3://b/getappinfo/dt=2026-11-28/8.json',
        's3://b/days/getappinfo/month=2026-11/8.json',
      ],
      attempts: 1,
      elapsedMs: 40,
      error: {
        name: 'StoreError',
        message: 'could not write s3://b/days/getappinfo/runs/dt=2026-11-28/8.done',
      },
    };
    const { message } = digestMail(summary([markerFailed]));
    expect(message).toContain(
      '\n  written: the raw body, the typed rows and the month objects (s3://b/raw/getappinfo/dt=2026-11-28/8.json, s3://b/getappinfo/dt=2026-11-28/8.json, s3://b/days/getappinfo/month=2026-11/8.json), but not the done marker; a retry writes this app again\n',
    );
    expect(message).not.toContain('but not all that follows');
  });

  it('shows a failure message whole when it quotes an ErrorInfo of the longest length shown', () => {
    // Our message around the API's ErrorInfo, itself cut at MESSAGE_MAX characters.
    const message = `getappinfo failed for app 7: 70020 ${'x'.repeat(MESSAGE_MAX)} — is "region" right for this app?`;
    const failed = failedApp(7, message);
    expect(digestMail(summary([failed])).message).toContain(`\n- 7: ${message}\n`);
  });

  it('keeps a failure message from the API on one safe line in the e-mail', () => {
    const hostile = failedApp(9, 'bad\r\n- 1400009999: all good\u001b[2J\u202e');
    const { message } = digestMail(summary([hostile]));
    expect(message).toContain('- 9: bad - 1400009999: all good\uFFFD\n');
    expect(hasUnsafeText(message)).toBe(false);
  });

  it('names the apps an earlier run of the day already wrote', () => {
    const mail = digestMail({
      ...summary([written(1, 'A')]),
      skipped: [
        { sdkAppId: 2, marker: 'm2', doneBy: undefined },
        { sdkAppId: 3, marker: 'm3', doneBy: undefined },
      ],
    });
    expect(mail.message.split('\n').slice(1, 3)).toEqual([
      '1 of 1 app written, 0 anomalies, 0 failed.',
      '2 apps were already written for 2026-11-28 by an earlier run: 2, 3 (their figures are not repeated here).',
    ]);
    const one = digestMail({
      ...summary([written(1, 'A')]),
      skipped: [{ sdkAppId: 2, marker: 'm2', doneBy: undefined }],
    });
    expect(one.message.split('\n')[2]).toBe(
      '1 app was already written for 2026-11-28 by an earlier run: 2 (their figures are not repeated here).',
    );
  });

  it('puts the anomalies first, then the failures, then every app', () => {
    const failed = failedApp(
      1400000003,
      'getappinfo failed for app 1400000003: 70020',
      'is "region" right?',
    );
    const mail = digestMail(
      summary([
        written(1400000001, 'Demo Chat'),
        written(1400000002, 'Demo Live', { ...DIGEST, anomalies: [DAU_DROP] }),
        failed,
      ]),
    );
    expect(mail.subject).toBe('chat-opsdata Fri 2026-11-27: 1 anomaly, 1 failed (3 apps)');
    const lines = mail.message.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'chat-opsdata daily digest: the figures of Fri 2026-11-27 (run date 2026-11-28, run run-1)',
      '2 of 3 apps written, 1 anomaly, 1 failed.',
    ]);
    const at = (text: string) => lines.findIndex((line) => line.startsWith(text));
    expect(at('ANOMALIES')).toBeLessThan(at('FAILED'));
    expect(at('FAILED')).toBeLessThan(at('1400000001 Demo Chat (Example Corp), day 2026-11-27'));
    expect(lines[at('ANOMALIES') + 1]).toBe(
      `- 1400000002 Demo Live (Example Corp): ${DAU_DROP.message}`,
    );
    expect(lines[at('FAILED') + 2]).toBe('  hint: is "region" right?');
  });

  it('says all normal when nothing happened', () => {
    expect(digestMail(summary([written(1, 'A')])).subject).toBe(
      'chat-opsdata Fri 2026-11-27: all normal (1 app)',
    );
  });

  it('is about the newest day of the apps written; the run date only when no app has figures', () => {
    const late = written(2, 'B', { ...DIGEST, day: '2026-11-25' });
    const none = written(3, 'C', { ...DIGEST, day: null });
    for (const apps of [
      [late, written(1, 'A')],
      [written(1, 'A'), late],
      [none, written(1, 'A'), none],
    ]) {
      expect(digestMail(summary(apps)).subject).toMatch(/^chat-opsdata Fri 2026-11-27: /);
    }
    const failed = failedApp(7, 'x');
    const mail = digestMail(summary([failed]));
    expect(mail.subject).toBe('chat-opsdata run 2026-11-28: 1 failed (1 app)');
    expect(mail.message.split('\n')[0]).toBe(
      'chat-opsdata daily digest, run date 2026-11-28 (run run-1)',
    );
  });

  it('says where the dashboard is and how to make the report, right under the counts', () => {
    const mail = digestMail(summary([written(1, 'A')]), {
      dashboardUrl:
        'https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/ChatOpsdata',
      report: 'npx chat-opsdata report --bucket my-bucket',
    });
    expect(mail.message.split('\n').slice(1, 4)).toEqual([
      '1 of 1 app written, 0 anomalies, 0 failed.',
      'Dashboard: https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/ChatOpsdata',
      'Report:    npx chat-opsdata report --bucket my-bucket',
    ]);
    expect(digestMail(summary([written(1, 'A')])).message).not.toMatch(/Dashboard:|Report:/);
  });

  it('prints a hint once: not again when the message already ends with it', () => {
    const failed = failedApp(
      7,
      'getappinfo failed for app 7: 70020 x — is "region" right for this app?',
      'is "region" right for this app?',
    );
    expect(digestMail(summary([failed])).message.match(/right for this app/g)).toHaveLength(1);
  });

  it('reads as the e-mail is sent: a Subject line, a blank line, the text', () => {
    const mail = digestMail(summary([written(1, 'A')]));
    expect(mailAsText(mail)).toBe(`Subject: ${mail.subject}\n\n${mail.message.slice(0, -1)}`);
  });

  it('keeps the subject ASCII, one line, under 100 characters, whatever the app names', () => {
    const mail = digestMail(summary([written(1, '演示\n聊天')]));
    expect(mail.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    expect(mail.message).toContain('1 演示 聊天 (Example Corp)');
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

describe('reportCommand', () => {
  it('names the bucket, the region when given, and the prefix only when it is not the default', () => {
    expect(reportCommand('my-bucket', 'getappinfo')).toBe(
      'npx chat-opsdata report --bucket my-bucket',
    );
    expect(reportCommand('my-bucket', 'chat/getappinfo', 'ap-southeast-1')).toBe(
      'AWS_REGION=ap-southeast-1 npx chat-opsdata report --bucket my-bucket --prefix chat/getappinfo',
    );
  });
});
