import { describe, expect, it } from 'vitest';
import { parseCliArgs, USAGE } from '../../functions/cli/cli-args.js';
import { ConfigError } from '../../functions/core/errors.js';
import { DEFAULT_RULES } from '../../functions/digest/anomaly-rules.js';

function failure(argv: string[]): ConfigError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

describe('parseCliArgs', () => {
  it('with no flags, snapshots the demo apps into ./snapshots with the defaults', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      json: false,
      force: false,
      notify: false,
      mail: false,
      secret: { kind: 'demo' },
      destination: { kind: 'dir', path: 'snapshots' },
      endpoint: undefined,
      settings: {
        requestFields: undefined,
        prefix: 'getappinfo',
        timeZone: 'Asia/Shanghai',
        concurrency: 8,
        rules: DEFAULT_RULES,
      },
    });
  });

  it('reads every flag', () => {
    expect(
      parseCliArgs([
        '--secret-id',
        'chat/tencent',
        '--bucket',
        'my-bucket',
        '--endpoint',
        'https://proxy.example.com',
        '--fields',
        'ActiveUserNum',
        '--prefix',
        'chat/getappinfo',
        '--time-zone',
        'UTC',
        '--concurrency',
        '3',
        '--rule',
        'dau_drop.threshold=0.6',
        '--rule',
        'messages_spike.enabled=false',
        '--json',
        '--force',
        '--notify',
        '-h',
      ]),
    ).toEqual({
      help: true,
      json: true,
      force: true,
      notify: true,
      mail: false,
      secret: { kind: 'secrets-manager', secretId: 'chat/tencent' },
      destination: { kind: 's3', bucket: 'my-bucket' },
      endpoint: 'https://proxy.example.com',
      settings: {
        requestFields: ['ActiveUserNum', 'Date'],
        prefix: 'chat/getappinfo',
        timeZone: 'UTC',
        concurrency: 3,
        rules: {
          ...DEFAULT_RULES,
          dau_drop: { ...DEFAULT_RULES.dau_drop, threshold: 0.6 },
          messages_spike: { ...DEFAULT_RULES.messages_spike, enabled: false },
        },
      },
    });
  });

  it('rejects --notify for the demo, whose secret has no webhooks', () => {
    expect(failure(['--notify'])).toMatchObject({
      field: '--notify',
      message:
        '--notify needs --secret-file or --secret-id: the webhooks are in the secret ("notify")',
    });
  });

  it.each([['0'], ['65'], ['two'], ['']])('rejects --concurrency %j, naming the flag', (value) => {
    expect(failure(['--concurrency', value]).message).toMatch(
      /^--concurrency must be a whole number from 1 to 64, got /,
    );
  });

  it('takes a secret file and an output folder', () => {
    expect(parseCliArgs(['--secret-file', 's.json', '--out', 'out'])).toMatchObject({
      secret: { kind: 'file', path: 's.json' },
      destination: { kind: 'dir', path: 'out' },
    });
  });

  it.each([
    [['--secret-file', 's.json', '--secret-id', 'x'], 'use --secret-file or --secret-id, not both'],
    [['--out', 'o', '--bucket', 'b'], 'use --out or --bucket, not both'],
    [['--json', '--mail'], 'use --json or --mail, not both'],
    [['--bucket', ''], '--bucket needs a bucket name'],
    [['--endpoint', 'https://proxy.example.com'], '--endpoint needs --secret-file or --secret-id'],
  ])('rejects %j', (argv, message) => {
    expect(failure(argv).message).toBe(message);
  });

  it('accepts one secret source and one destination', () => {
    expect(parseCliArgs(['--secret-id', 'x']).secret).toEqual({
      kind: 'secrets-manager',
      secretId: 'x',
    });
    expect(parseCliArgs(['--bucket', 'b']).destination).toEqual({ kind: 's3', bucket: 'b' });
  });

  it('rejects an endpoint the secret would reject, naming --endpoint', () => {
    const error = failure(['--secret-id', 'x', '--endpoint', 'http://proxy.example.com']);
    expect(error.field).toBe('--endpoint');
    expect(error.message).toMatch(/^--endpoint must use https/);
  });

  it.each([
    [['--time-zone', 'Mars/Olympus'], '--time-zone'],
    [['--prefix', 'raw'], '--prefix'],
    [['--fields', 'activeusernum'], '--fields'],
  ])('names the flag of a bad value: %j', (argv, flag) => {
    const error = failure(argv);
    expect(error.field).toBe(flag);
    expect(error.message.startsWith(`${flag}: `)).toBe(true);
  });

  it.each([[['--secrets-file', 's.json']], [['snapshots']], [['--out']]])(
    'rejects %j as usage, pointing at --help and keeping the parser’s reason',
    (argv) => {
      const error = failure(argv);
      expect(error.message).toMatch(/ \(see --help\)$/);
      expect(error.message.length).toBeGreaterThan(' (see --help)'.length);
      expect(error.cause).toBeInstanceOf(Error);
    },
  );
});

describe('--rule', () => {
  it('names the flag and the setting of a bad value', () => {
    const error = failure(['--rule', 'dau_drop.threshold=-1']);
    expect(error.field).toBe('--rule.dau_drop.threshold');
    expect(error.message).toMatch(/^--rule\.dau_drop\.threshold must be /);
  });

  it('is described in the usage with the rule ids DESIGN.md gives', () => {
    expect(USAGE).toContain(
      '(repeatable; rules: dau_drop, messages_drop, messages_spike, callback_failures, data_late)',
    );
  });
});
