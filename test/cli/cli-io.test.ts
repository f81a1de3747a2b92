import { describe, expect, it } from 'vitest';
import { EXIT, reportError } from '../../functions/cli/cli-io.js';
import { ConfigError, StoreError } from '../../functions/core/errors.js';

function io() {
  const stderr: string[] = [];
  return { stderr, io: { stdout: () => undefined, stderr: (t: string) => stderr.push(t) } };
}

describe('reportError', () => {
  it('says a configuration error in one line and exits 2', () => {
    const { stderr, io: out } = io();
    expect(reportError('chat-opsdata', new ConfigError('--days must be a number'), out)).toBe(
      EXIT.usage,
    );
    expect(stderr).toEqual(['chat-opsdata: --days must be a number']);
  });

  it('says another error of ours with its hint and exits 1', () => {
    const { stderr, io: out } = io();
    const error = new StoreError('could not write x', { key: 'x' });
    expect(reportError('chat-opsdata report', error, out, () => ' — check the disk')).toBe(
      EXIT.failed,
    );
    expect(stderr).toEqual(['chat-opsdata report: could not write x — check the disk']);
  });

  it('adds nothing to the message of an error of ours when there is no hint', () => {
    const { stderr, io: out } = io();
    expect(
      reportError('chat-opsdata', new StoreError('could not write x', { key: 'x' }), out),
    ).toBe(EXIT.failed);
    expect(stderr).toEqual(['chat-opsdata: could not write x']);
  });

  it('prints the stack of anything else, for a bug report, and exits 1', () => {
    const { stderr, io: out } = io();
    expect(reportError('chat-opsdata', new TypeError('x is undefined'), out)).toBe(EXIT.failed);
    expect(stderr[0]).toMatch(/^chat-opsdata: unexpected error: TypeError: x is undefined\n\s+at /);
    expect(reportError('chat-opsdata', 'a string', out)).toBe(EXIT.failed);
    expect(stderr[1]).toBe('chat-opsdata: unexpected error: a string');
  });

  it('has the documented exit statuses', () => {
    expect(EXIT).toEqual({ ok: 0, failed: 1, usage: 2 });
  });
});
