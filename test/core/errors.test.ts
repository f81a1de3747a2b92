import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  GetAppInfoError,
  OpsdataError,
  PreconditionFailedError,
  ResponseFormatError,
  RunFailedError,
  SnapshotFormatError,
  StoreError,
} from '../../functions/core/errors.js';

describe('errors', () => {
  const cause = new Error('the reason underneath');

  it.each([
    ['OpsdataError', new OpsdataError('m', { cause })],
    ['ConfigError', new ConfigError('m', { field: 'f', cause })],
    ['GetAppInfoError', new GetAppInfoError('m', { sdkAppId: 1, retryable: false, cause })],
    [
      'ResponseFormatError',
      new ResponseFormatError('m', { sdkAppId: 1, excerpt: 'x', retryable: false, cause }),
    ],
    ['StoreError', new StoreError('m', { key: 'k', cause })],
    ['SnapshotFormatError', new SnapshotFormatError('m', { location: 'l', line: 3, cause })],
    [
      'PreconditionFailedError',
      new PreconditionFailedError('m', { key: 'k', reason: 'changed', cause }),
    ],
  ])('%s has its name and passes the cause on', (name, error) => {
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(OpsdataError);
    expect(error.cause).toBe(cause);
  });

  it('a PreconditionFailedError is a StoreError with its key and why the write was refused', () => {
    const error = new PreconditionFailedError('m', { key: 'days/x', reason: 'exists' });
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ key: 'days/x', reason: 'exists' });
  });

  it('RunFailedError has its name and the failed apps', () => {
    const error = new RunFailedError('m', [1, 2]);
    expect(error.name).toBe('RunFailedError');
    expect(error.failedApps).toEqual([1, 2]);
  });

  it('a GetAppInfoError without a hint has an empty one, so nothing is printed for it', () => {
    expect(new GetAppInfoError('m', { sdkAppId: 1, retryable: true }).hint).toBe('');
  });
});
