import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import { parseRunEvent, selectApps } from '../../functions/run/run-event.js';
import type { AppConfig } from '../../functions/secret/secret.js';

const apps = [1400000001, 1400000002, 1400000003].map(
  (id): AppConfig => ({ sdkAppId: id, identifier: 'a', secretKey: 'k', region: 'china' }),
);

function failure(event: unknown): ConfigError {
  try {
    selectApps(event, apps);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected selectApps to throw');
}

describe('selectApps: event.apps', () => {
  it.each([
    ['a zero', [0]],
    ['a negative id', [-1400000001]],
    ['a fraction', [1.5]],
    ['a string among numbers', [1400000001, '1400000002']],
    ['an id past 2^53', [2 ** 53]],
  ])('rejects %s as not a list of SDKAppIDs, naming event.apps', (_name, wanted) => {
    const error = failure({ apps: wanted });
    expect(error.field).toBe('event.apps');
    expect(error.message).toBe('event.apps must be a non-empty array of SDKAppIDs (numbers)');
  });

  it('names every listed app the secret does not hold', () => {
    const error = failure({ apps: [1400000002, 9, 10] });
    expect(error.field).toBe('event.apps');
    expect(error.message).toBe('event.apps lists apps the secret does not hold: 9, 10');
  });

  it('runs every app when the event is not an object', () => {
    expect(selectApps('scheduled', apps)).toBe(apps);
    expect(selectApps([1400000001], apps)).toBe(apps);
  });
});

describe('selectApps', () => {
  const apps = [1, 2, 3].map(
    (id): AppConfig => ({ sdkAppId: id, identifier: 'a', secretKey: 'k', region: 'china' }),
  );

  it('runs every app for the scheduler payload', () => {
    expect(selectApps({}, apps)).toBe(apps);
    expect(selectApps(undefined, apps)).toBe(apps);
  });

  it('runs the listed subset', () => {
    expect(selectApps({ apps: [3, 1] }, apps).map((a) => a.sdkAppId)).toEqual([1, 3]);
  });

  it.each([[{ apps: [] }], [{ apps: ['1'] }], [{ apps: 1 }], [{ apps: [9] }]])(
    'rejects %j',
    (event) => {
      expect(() => selectApps(event, apps)).toThrow(ConfigError);
    },
  );
});

describe('parseRunEvent', () => {
  it('runs every app without force for the scheduler’s payload', () => {
    expect(parseRunEvent({ 'detail-type': 'Scheduled Event' }, apps)).toEqual({
      apps,
      notSelected: [],
      force: false,
    });
    expect(parseRunEvent(null, apps)).toMatchObject({ apps, force: false });
  });

  it('names the apps left out of a subset, so the day is still counted whole', () => {
    expect(parseRunEvent({ apps: [1400000002], force: true }, apps)).toEqual({
      apps: [apps[1]],
      notSelected: [1400000001, 1400000003],
      force: true,
    });
  });

  it.each([
    ['"true"', 'true'],
    ['1', 1],
    ['null', null],
  ])('rejects force %s: only true or false', (_shown, force) => {
    expect(() => parseRunEvent({ force }, apps)).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        field: 'event.force',
        message: 'event.force must be true or false',
      }),
    );
  });
});
