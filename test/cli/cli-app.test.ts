import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../functions/cli/cli-app.js';
import { dayRange, monthOf } from '../../functions/core/dates.js';
import { DEMO_APPS } from '../../simulator/demo.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { type RunningWebhooks, startWebhooks } from '../../tools/harness/webhook-server.js';
import { appConfigs, hasUnsafeText, TEST_APPS } from '../support/fixtures.js';

let out: string[];
let err: string[];
const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
let sim: RunningSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ apps: TEST_APPS });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  out = [];
  err = [];
  sim.reset();
  dir = await mkdtemp(join(tmpdir(), 'opsdata-cli-'));
  return () => rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The run date the summary reports (the run picks it, so a test never guesses it). */
function runDateIn(lines: readonly string[]): string {
  const dt = /dt=(\d{4}-\d{2}-\d{2})/.exec(lines.join('\n'))?.[1];
  expect(dt).toBeDefined();
  return dt ?? '';
}

/** The months of the days the summary reports for its first app (`from … to`). */
function monthsIn(lines: readonly string[]): string[] {
  const [, from = '', to = ''] =
    /(\d{4}-\d\d-\d\d) … (\d{4}-\d\d-\d\d)/.exec(lines.join('\n')) ?? [];
  return [...new Set(dayRange(from, to).map(monthOf))];
}

async function files(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

async function secretFile(doc: unknown): Promise<string> {
  const path = join(dir, 'secret.json');
  await writeFile(path, JSON.stringify(doc));
  return path;
}

describe('runCli', () => {
  it('with no secret, snapshots the demo apps from its own simulator', async () => {
    const code = await runCli(['--out', dir], io);
    expect(code).toBe(0);
    const dt = runDateIn(out);
    expect(await files(dir)).toEqual(
      [
        ...DEMO_APPS.map((a) => `days/getappinfo/runs/dt=${dt}/${a.sdkAppId}.done`),
        ...DEMO_APPS.map((a) => `getappinfo/dt=${dt}/${a.sdkAppId}.json`),
        ...DEMO_APPS.map((a) => `raw/getappinfo/dt=${dt}/${a.sdkAppId}.json`),
        ...DEMO_APPS.flatMap((a) =>
          monthsIn(out).map((m) => `days/getappinfo/month=${m}/${a.sdkAppId}.json`),
        ),
        'report.html',
      ].sort(),
    );
    expect(out.at(-1)).toBe(`Report: ${join(dir, 'report.html')} (open it in a browser)`);
    const page = await readFile(join(dir, 'report.html'), 'utf8');
    for (const app of DEMO_APPS) expect(page).toContain(`data-app-id="${app.sdkAppId}"`);
    const summary = out.join('\n');
    expect(summary).toContain(`dt=${dt}`);
    expect(summary).toContain('2 of 2 apps written');
    expect(summary).toMatch(
      /ok {5}1400000001 {2}Demo Chat {2}30 rows {2}\d{4}-\d\d-\d\d … \d{4}-\d\d-\d\d {2}1 attempt/,
    );
    expect(err.join('\n')).toMatch(/simulator on http:\/\/127\.0\.0\.1:\d+/);
  });

  it("shows each app's day against a week earlier and the demo's group-spam anomaly, and still exits 0", async () => {
    const code = await runCli(['--out', dir], io);
    expect(code).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toMatch(/: 2 of 2 apps written, 1 anomaly$/);
    const figures = lines.filter((line) => / vs \w{3} \d\d-\d\d: /.test(line));
    expect(figures).toHaveLength(2);
    for (const line of figures) {
      expect(line).toMatch(
        /^ {9}\w{3} \d\d-\d\d vs \w{3} \d\d-\d\d: active [\d,]+ [+−±]\d+\.\d% · login /,
      );
    }
    // An anomaly is one sentence, broken between words to fit 100 columns.
    const anomaly = lines.findIndex((line) => line.startsWith('       ! '));
    const sentence = [lines[anomaly], lines[anomaly + 1]].map((l) => l?.trim()).join(' ');
    expect(sentence).toMatch(
      /^! Messages up rose to [\d,]+ on \w{3} \d{4}-\d\d-\d\d, \d+\.\d× of [\d,]+ on .* a week earlier \(messages_spike: ≥ 3×\)\.$/,
    );
    expect(lines.filter((line) => line.startsWith('       ! '))).toHaveLength(1);
    // Paths stay whole (to be copied), so only the other lines are held to 100 columns.
    for (const line of lines.filter((l) => !l.includes(dir))) {
      expect([...line].length, line).toBeLessThanOrEqual(100);
    }
    // The anomaly sits under Demo Live, the app with the spam wave (after its two digest lines).
    const live = lines.findIndex((line) => line.includes('1400000002  Demo Live'));
    expect(anomaly).toBeGreaterThan(live);
    expect(anomaly).toBeLessThanOrEqual(live + 3);
  });

  it('prints the digest e-mail exactly as it would be sent with --mail, instead of the summary', async () => {
    const code = await runCli(['--out', dir, '--mail'], io);
    expect(code).toBe(0);
    const [first, blank, ...body] = out.join('\n').split('\n');
    expect(first).toMatch(/^Subject: chat-opsdata \w{3} \d{4}-\d\d-\d\d: 1 anomaly \(2 apps\)$/);
    expect(blank).toBe('');
    expect(body[0]).toMatch(/^chat-opsdata daily digest: the figures of /);
    expect(body).toContain(`Report:    ${join(dir, 'report.html')}`);
    expect(body).toContain('ANOMALIES');
    expect(out.join('\n')).not.toContain('chat-opsdata snapshot dt=');
    // Only the e-mail on stdout: the report's note and nothing else on stderr.
    expect(err).toEqual([`Report: ${join(dir, 'report.html')} (open it in a browser)`]);
  });

  it('prints the summary as JSON with --json, each app with its digest', async () => {
    const code = await runCli(['--out', dir, '--json'], io);
    expect(code).toBe(0);
    const summary = JSON.parse(out.join(''));
    expect(err.at(-1)).toMatch(/^Report: .*report\.html/);
    expect(summary.apps).toHaveLength(2);
    expect(summary.apps[0]).toMatchObject({ ok: true, rows: 30, attempts: 1 });
    expect(summary.apps[0].digest).toMatchObject({
      day: summary.apps[0].days.to,
      anomalies: [],
      metrics: expect.arrayContaining([
        expect.objectContaining({ id: 'active_users', value: expect.any(Number) }),
      ]),
    });
    expect(summary.apps[1].digest.anomalies).toEqual([
      expect.objectContaining({ rule: 'messages_spike', message: expect.any(String) }),
    ]);
    expect(JSON.stringify(summary)).not.toMatch(/NaN|Infinity/);
  });

  it('turns a rule off with --rule', async () => {
    const code = await runCli(
      ['--out', dir, '--json', '--rule', 'messages_spike.enabled=false'],
      io,
    );
    expect(code).toBe(0);
    const summary = JSON.parse(out.join(''));
    expect(
      summary.apps.flatMap((a: { digest: { anomalies: unknown[] } }) => a.digest.anomalies),
    ).toEqual([]);
  });

  it('takes a secret file with endpoint and writes what that server sent', async () => {
    const path = await secretFile({ apps: appConfigs(sim.url, TEST_APPS.slice(0, 1)) });
    const code = await runCli(
      ['--secret-file', path, '--out', dir, '--fields', 'ActiveUserNum'],
      io,
    );
    expect(code).toBe(0);
    expect(sim.requests[0]?.rawBody).toBe('{"RequestField":["ActiveUserNum","Date"]}');
    const dt = runDateIn(out);
    const raw = await readFile(join(dir, `raw/getappinfo/dt=${dt}/1400000101.json`), 'utf8');
    expect(JSON.parse(raw).Result[0]).toEqual({
      ActiveUserNum: expect.stringMatching(/^\d+$/),
      Date: expect.stringMatching(/^\d{8}$/),
    });
  });

  it('takes a key and an identifier pasted with surrounding whitespace', async () => {
    const [app] = appConfigs(sim.url, TEST_APPS.slice(0, 1));
    const path = await secretFile({
      ...app,
      secretKey: `${app?.secretKey}\n`,
      identifier: ` ${app?.identifier}\r\n`,
    });
    expect(await runCli(['--secret-file', path, '--out', dir], io)).toBe(0);
    expect(sim.requests.map((r) => r.query.identifier)).toEqual([app?.identifier]);
  });

  it.each([
    ['#', '/#'],
    ['?', '/?'],
  ])(
    'refuses an endpoint ending in %s, which would swallow the getappinfo path',
    async (_c, tail) => {
      const [app] = appConfigs(`${sim.url}${tail}`, TEST_APPS.slice(0, 1));
      expect(await runCli(['--secret-file', await secretFile(app), '--out', dir], io)).toBe(2);
      expect(err.join('\n')).toBe(
        'chat-opsdata: secret field "endpoint" must be a base URL without query, fragment or credentials',
      );
      expect(
        await runCli(
          ['--secret-file', 'x', '--endpoint', `http://127.0.0.1:9001/error${tail}`],
          io,
        ),
      ).toBe(2);
      expect(sim.requests).toEqual([]);
    },
  );

  it('--endpoint replaces the region domain of every app', async () => {
    const [app] = appConfigs('https://unused.example', TEST_APPS.slice(0, 1));
    const path = await secretFile({ ...app, endpoint: undefined, region: 'singapore' });
    const code = await runCli(['--secret-file', path, '--out', dir, '--endpoint', sim.url], io);
    expect(code).toBe(0);
    expect(sim.requests).toHaveLength(1);
  });

  it('exits 1 when an app fails and prints the hint once', async () => {
    sim.inject({ kind: 'error', errorCode: 60006 });
    const path = await secretFile(appConfigs(sim.url, TEST_APPS.slice(0, 1))[0]);
    const code = await runCli(['--secret-file', path, '--out', dir], io);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('FAILED 1400000101');
    const text = out.join('\n');
    expect(text.replace(/\n +/g, ' ')).toContain('— is "region" right for this app?');
    expect(text.match(/right for this app/g)).toHaveLength(1);
    expect(await files(dir)).toEqual(['secret.json']);
  });

  it.each([
    [['--nope']],
    [['--secret-file', 'a', '--secret-id', 'b']],
    [['--out', 'a', '--bucket', 'b']],
    [['--endpoint', 'https://x.example']],
    [['--fields', 'Active User']],
    [['--prefix', '/abs']],
    [['--secret-file', 'a', '--endpoint', 'http://proxy.example.com']],
    [['--secret-file', 'a', '--endpoint', 'not a url']],
    [['--time-zone', 'Mars/Base']],
    [['--secret-file', '/does/not/exist.json']],
    [['--rule', 'dau_drop.ratio=0.5']],
    [['--rule', 'dau_drop=0.5']],
  ])('exits 2 with a message for %j', async (argv) => {
    expect(await runCli(argv, io)).toBe(2);
    expect(err.join('\n')).toMatch(/^chat-opsdata: /);
    expect(out).toEqual([]);
  });

  it('refuses to send the UserSig over plain http to another host', async () => {
    const code = await runCli(['--secret-file', 'x', '--endpoint', 'http://proxy.example.com'], io);
    expect(code).toBe(2);
    expect(err.join('\n')).toBe(
      'chat-opsdata: --endpoint must use https (plain http is accepted only for 127.0.0.1 / localhost)',
    );
  });

  it('exits 2 for a malformed secret file, naming the field', async () => {
    const path = await secretFile({
      sdkAppId: 1400000101,
      identifier: 'administrator',
      region: 'tokyo',
    });
    expect(await runCli(['--secret-file', path, '--out', dir], io)).toBe(2);
    expect(err.join('\n')).toBe('chat-opsdata: secret field "secretKey" is missing');
  });

  it('prints the usage with --help', async () => {
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out.join('\n')).toContain('--secret-file <path>');
    expect(out.join('\n')).toContain('Exit status: 0 every app written (anomalies included');
    expect(out.join('\n')).toContain('--rule <rule.setting=value>');
  });

  it('skips the apps already written for the day, says so, and replaces them with --force', async () => {
    const path = await secretFile({ apps: appConfigs(sim.url, TEST_APPS.slice(0, 2)) });
    expect(await runCli(['--secret-file', path, '--out', dir], io)).toBe(0);
    const dt = runDateIn(out);
    const rowsFile = join(dir, `getappinfo/dt=${dt}/1400000101.json`);
    const before = await readFile(rowsFile, 'utf8');
    sim.reset();
    out = [];
    expect(await runCli(['--secret-file', path, '--out', dir], io)).toBe(0);
    expect(sim.requests).toEqual([]);
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toMatch(
      /: 0 of 0 apps written, 2 skipped as already written \(--force replaces them\), 0 anomalies$/,
    );
    expect(lines.filter((line) => line.startsWith('  skip   '))).toEqual([
      expect.stringMatching(
        new RegExp(`^  skip   1400000101  already written for ${dt} by run [0-9a-f-]{36} at$`),
      ),
      expect.stringMatching(/^ {2}skip {3}1400000102 {2}already written for /),
    ]);
    // The rest of the line wraps: when, how many rows, which days.
    expect(out.join('\n')).toMatch(
      /1400000101 {2}already written for .* at\n {9}\S+, 30 rows {2}\d{4}-\d{2}-\d{2} … /,
    );
    expect(await readFile(rowsFile, 'utf8')).toBe(before);
    out = [];
    expect(await runCli(['--secret-file', path, '--out', dir, '--force'], io)).toBe(0);
    expect(sim.requests.map((r) => r.sdkAppId)).toEqual([1400000101, 1400000102]);
    expect(out.join('\n')).toMatch(/: 2 of 2 apps written, /);
  });

  it('prints an ErrorInfo of escapes and bidi controls as one safe line, in the summary and the retry lines', async () => {
    const info = 'x\u001b[2J\u001b]0;owned\u0007\r\n  ok     1400009999  forged\u202e';
    sim.inject({ kind: 'error', errorCode: 70169, errorInfo: info });
    sim.inject({ kind: 'error', errorCode: 91234, errorInfo: info });
    const path = await secretFile(appConfigs(sim.url, TEST_APPS.slice(0, 1))[0]);
    expect(await runCli(['--secret-file', path, '--out', dir], io)).toBe(1);
    expect(hasUnsafeText(out.join('\n'))).toBe(false);
    expect(hasUnsafeText(err.join('\n'))).toBe(false);
    expect(err.join('\n')).toContain('70169 x ok     1400009999  forged\uFFFD');
    // The summary's lines are its own: none starts like a written app but the app's.
    expect(
      out
        .join('\n')
        .split('\n')
        .filter((l) => /^ {2}ok /.test(l)),
    ).toEqual([]);
  });

  it('keeps --json valid JSON with what a terminal acts on escaped', async () => {
    const [app] = TEST_APPS;
    const hostile = { ...app, sdkAppId: 1400000101, appName: 'Evil\u202e\u009b2J\u2028name' };
    const own = await startSimulator({ apps: [hostile as (typeof TEST_APPS)[0]] });
    try {
      const path = await secretFile(appConfigs(own.url, [hostile as (typeof TEST_APPS)[0]])[0]);
      expect(await runCli(['--secret-file', path, '--out', dir, '--json'], io)).toBe(0);
      const text = out.join('');
      expect(text).not.toMatch(/[\u202e\u009b\u2028]/);
      expect(text).toContain('Evil\\u202e\\u009b2J\\u2028name');
      expect(JSON.parse(text).apps[0].appName).toBe(hostile.appName);
    } finally {
      await own.close();
    }
  });

  it('takes a blank AWS_REGION for no region and says how to set one', async () => {
    const saved = { region: process.env.AWS_REGION, config: process.env.AWS_CONFIG_FILE };
    process.env.AWS_REGION = '';
    process.env.AWS_CONFIG_FILE = join(dir, 'no-such-config');
    try {
      expect(await runCli(['--secret-id', 'chat-opsdata/tencent', '--out', dir], io)).toBe(2);
      expect(err.join('\n')).toBe(
        'chat-opsdata: could not read secret chat-opsdata/tencent: no AWS region — set AWS_REGION, or a region in your AWS profile (aws configure)',
      );
    } finally {
      for (const [name, value] of [
        ['AWS_REGION', saved.region],
        ['AWS_CONFIG_FILE', saved.config],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe('runCli --notify', () => {
  let webhooks: RunningWebhooks;
  beforeAll(async () => {
    webhooks = await startWebhooks({ dingtalkSecret: 'SECcli-test-secret' });
  });
  afterAll(() => webhooks.close());
  beforeEach(() => webhooks.reset());

  const withWebhooks = () =>
    secretFile({
      apps: appConfigs(sim.url, TEST_APPS.slice(0, 2)),
      notify: [
        { kind: 'wecom', url: webhooks.url('wecom') },
        { kind: 'dingtalk', url: webhooks.url('dingtalk'), signingSecret: 'SECcli-test-secret' },
      ],
    });

  it("posts the digest once to each of the secret's webhooks and says where, without tokens", async () => {
    const path = await withWebhooks();
    expect(await runCli(['--secret-file', path, '--out', dir, '--notify'], io)).toBe(0);
    expect(webhooks.posts.map((p) => [p.kind, p.verdict])).toEqual(
      expect.arrayContaining([
        ['wecom', 'accepted'],
        ['dingtalk', 'accepted'],
      ]),
    );
    expect(webhooks.posts).toHaveLength(2);
    expect(err).toEqual(
      expect.arrayContaining([
        `Chat digest posted to notify[0] (wecom, ${webhooks.base}/…)`,
        `Chat digest posted to notify[1] (dingtalk, ${webhooks.base}/…)`,
      ]),
    );
    const printed = [...out, ...err].join('\n');
    for (const kind of ['wecom', 'dingtalk'] as const)
      expect(printed).not.toContain(webhooks.token(kind));
    expect(printed).not.toContain('SECcli-test-secret');
  });

  it('posts nothing without --notify', async () => {
    const path = await withWebhooks();
    expect(await runCli(['--secret-file', path, '--out', dir], io)).toBe(0);
    expect(webhooks.posts).toEqual([]);
  });

  it('exits 1 when a webhook refuses, after writing every app', async () => {
    webhooks.fail('wecom', { body: '{"errcode":93000,"errmsg":"invalid webhook url"}' });
    const path = await withWebhooks();
    expect(await runCli(['--secret-file', path, '--out', dir, '--notify'], io)).toBe(1);
    expect(err).toEqual(
      expect.arrayContaining([
        `Chat digest not posted to notify[0] (wecom, ${webhooks.base}/…): errcode 93000: invalid webhook url`,
        expect.stringMatching(
          /^chat-opsdata \(chat digest\): 1 of 2 chat webhooks did not take the digest/,
        ),
      ]),
    );
    expect((await files(dir)).filter((f) => f.startsWith('getappinfo/'))).toHaveLength(2);
  });

  it('exits 2 with --notify when the secret lists no webhooks', async () => {
    const path = await secretFile({ apps: appConfigs(sim.url, TEST_APPS.slice(0, 1)) });
    expect(await runCli(['--secret-file', path, '--out', dir, '--notify'], io)).toBe(2);
    expect(err.join('\n')).toMatch(
      /^chat-opsdata: --notify: the secret lists no webhooks under "notify"/,
    );
  });
});
