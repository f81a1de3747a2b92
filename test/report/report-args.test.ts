import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import { DEFAULT_RULES } from '../../functions/digest/anomaly-rules.js';
import { parseReportArgs } from '../../functions/report/report-args.js';

describe('parseReportArgs', () => {
  it('defaults to ./snapshots, the default prefix and snapshots/report.html, where npm start puts it', () => {
    expect(parseReportArgs([])).toEqual({
      help: false,
      source: { kind: 'dir', path: 'snapshots' },
      prefix: 'getappinfo',
      out: join('snapshots', 'report.html'),
      days: undefined,
      rules: DEFAULT_RULES,
    });
  });

  it('puts the report in the folder it reads, or in the current folder for a bucket', () => {
    expect(parseReportArgs(['--snapshots', 'data']).out).toBe(join('data', 'report.html'));
    expect(parseReportArgs(['--bucket', 'b']).out).toBe('report.html');
  });

  it('reads a bucket, a prefix, an output file and a number of days', () => {
    expect(
      parseReportArgs(['--bucket', 'b', '--prefix', 'ops/chat', '--out', 'x.html', '--days', '90']),
    ).toEqual({
      help: false,
      source: { kind: 's3', bucket: 'b' },
      prefix: 'ops/chat',
      out: 'x.html',
      days: 90,
      rules: DEFAULT_RULES,
    });
  });

  it('takes anomaly rule settings as npm start does', () => {
    const { rules } = parseReportArgs([
      '--rule',
      'dau_drop.threshold=0.6',
      '--rule',
      'data_late.enabled=false',
    ]);
    expect(rules.dau_drop).toEqual({ ...DEFAULT_RULES.dau_drop, threshold: 0.6 });
    expect(rules.data_late.enabled).toBe(false);
  });

  it.each([
    [['--snapshots', 'a', '--bucket', 'b'], 'use --snapshots or --bucket, not both'],
    [['--bucket', ''], '--bucket needs a bucket name'],
    [['--days', '0'], '--days "0" must be a whole number from 1 to 36500'],
    [['--days', '1.5'], '--days "1.5" must be a whole number'],
    [['--days=-3'], '--days "-3" must be a whole number'],
    [['--days', '36501'], '--days "36501" must be a whole number'],
    [['--prefix', 'raw'], 'must not be raw'],
    [['--nope'], "Unknown option '--nope' (see --help)"],
    [['extra'], 'positional'],
    [['--rule', 'dau_drop.threshold'], '--rule "dau_drop.threshold" must look like'],
    [['--rule', 'nope.enabled=true'], 'unknown rule "nope"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseReportArgs(argv)).toThrow(ConfigError);
    expect(() => parseReportArgs(argv)).toThrow(message);
  });
});
