import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import { endpointProblem, parseSecret } from '../../functions/secret/secret.js';

const KEY = 'f00dfacef00dfacef00dfacef00dfacef00dfacef00dfacef00dfacef00dface';
const APP = {
  sdkAppId: 1400000000,
  identifier: 'administrator',
  secretKey: KEY,
  region: 'singapore',
};

function failure(doc: unknown): ConfigError {
  try {
    parseSecret(typeof doc === 'string' ? doc : JSON.stringify(doc));
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected parseSecret to throw');
}

describe('parseSecret', () => {
  it('reads one app', () => {
    expect(parseSecret(JSON.stringify(APP))).toEqual([APP]);
  });

  it('reads several apps under apps, with an endpoint instead of a region', () => {
    const second = {
      sdkAppId: '1400000001',
      identifier: 'admin',
      secretKey: KEY,
      endpoint: 'https://proxy.example.com/',
    };
    expect(parseSecret(JSON.stringify({ apps: [APP, second] }))).toEqual([
      APP,
      {
        sdkAppId: 1400000001,
        identifier: 'admin',
        secretKey: KEY,
        endpoint: 'https://proxy.example.com/',
      },
    ]);
  });

  it.each([
    ['sdkAppId', 'sdkAppId'],
    ['identifier', 'identifier'],
    ['secretKey', 'secretKey'],
    ['region', 'region'],
  ])('rejects a secret without %s, naming the field', (missing, field) => {
    const { [missing as keyof typeof APP]: _gone, ...rest } = APP;
    const error = failure(rest);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^secret field "${field}" is missing`));
  });

  it.each([
    ['sdkAppId as a word', { sdkAppId: 'abc' }, 'sdkAppId'],
    ['sdkAppId negative', { sdkAppId: -1 }, 'sdkAppId'],
    ['sdkAppId fractional', { sdkAppId: 1.5 }, 'sdkAppId'],
    ['sdkAppId past uint32', { sdkAppId: 2 ** 32 }, 'sdkAppId'],
    ['identifier a number', { identifier: 7 }, 'identifier'],
    ['secretKey empty', { secretKey: '' }, 'secretKey'],
    ['secretKey an object', { secretKey: { a: 1 } }, 'secretKey'],
    ['region unknown', { region: 'mars-1' }, 'region'],
    ['region a number', { region: 3 }, 'region'],
    ['endpoint not a URL', { endpoint: 'proxy' }, 'endpoint'],
    ['endpoint over plain http', { endpoint: 'http://proxy.example.com' }, 'endpoint'],
    ['endpoint with a query', { endpoint: 'https://proxy.example.com/?a=1' }, 'endpoint'],
  ])('rejects %s, naming the field', (_name, change, field) => {
    const error = failure({ ...APP, ...change });
    expect(error.field).toBe(field);
    expect(error.message).toContain(`"${field}"`);
  });

  it('lists the valid regions for an unknown region', () => {
    expect(failure({ ...APP, region: 'mars-1' }).message).toContain(
      'china, singapore, seoul, frankfurt, silicon-valley, jakarta, tokyo',
    );
  });

  it('names the app by position in a list', () => {
    const error = failure({ apps: [APP, { ...APP, sdkAppId: 1400000001, region: undefined }] });
    expect(error.field).toBe('apps[1].region');
  });

  it.each([
    ['apps empty', { apps: [] }, 'apps'],
    ['apps not an array', { apps: APP }, 'apps'],
    ['an app not an object', { apps: ['x'] }, 'apps[0]'],
    ['a repeated app', { apps: [APP, APP] }, 'apps[1].sdkAppId'],
    ['a JSON array', [APP], '(root)'],
  ])('rejects %s', (_name, doc, field) => {
    expect(failure(doc).field).toBe(field);
  });

  it('never repeats a value of the secret in its message', () => {
    const cases: unknown[] = [
      { ...APP, region: KEY },
      { ...APP, sdkAppId: KEY },
      { ...APP, endpoint: `https://${KEY}.example.com/?k=${KEY}` },
      `{"secretKey":"${KEY}",`,
      `{"secretKey":"${KEY}"} trailing`,
    ];
    for (const doc of cases) {
      const error = failure(doc);
      expect(error.message).not.toContain(KEY);
      expect(error.message).not.toContain(KEY.slice(0, 12));
      expect(String(error.cause ?? '')).not.toContain(KEY.slice(0, 12));
    }
  });

  it.each([
    ['identifier', 31415926535],
    ['secretKey', 27182818284],
    ['secretKey', { key: 'a1b2c3d4e5f6' }],
    ['secretKey', ['a1b2c3d4e5f6']],
    ['region', 16180339887],
    ['endpoint', 14142135623],
    ['sdkAppId', { id: 'a1b2c3d4e5f6' }],
  ])('rejects a non-string %s without echoing the value', (field, value) => {
    const error = failure({ ...APP, [field]: value });
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^secret field "${field}" must be`));
    const shown = typeof value === 'number' ? String(value) : 'a1b2c3d4e5f6';
    expect(error.message).not.toContain(shown);
    expect(error.message).not.toContain(shown.slice(0, 6));
  });

  it('explains the placeholder the stack creates: the first missing field', () => {
    expect(failure({ placeholder: 'replace with put-secret-value (stack output)' }).message).toBe(
      'secret field "sdkAppId" is missing',
    );
  });

  it('says the secret is not JSON without quoting it', () => {
    expect(failure(`{"secretKey":"${KEY}"`).message).toBe(
      'the secret is not valid JSON — check its SecretString',
    );
  });
});

describe('parseSecret: sdkAppId', () => {
  it.each([
    [1, 1],
    [4294967295, 4294967295],
    ['1400000000', 1400000000],
  ])('accepts %j, a positive uint32 or a string of its digits', (value, expected) => {
    expect(parseSecret(JSON.stringify({ ...APP, sdkAppId: value }))[0]?.sdkAppId).toBe(expected);
  });

  it.each([
    ['0', 0],
    ['true', true],
    ['an array holding the id', [1400000000]],
    ['digits with a leading space', ' 1400000000'],
    ['digits with a trailing space', '1400000000 '],
    ['an exponent', '1e9'],
    ['hexadecimal', '0x53724E00'],
  ])('rejects %s: only a number or a string of digits is an SDKAppID', (_name, value) => {
    const error = failure({ ...APP, sdkAppId: value });
    expect(error.field).toBe('sdkAppId');
    expect(error.message).toBe(
      'secret field "sdkAppId" must be the SDKAppID, a positive integer such as 1400000000',
    );
  });
});

describe('parseSecret: strings and the document', () => {
  it.each([['identifier'], ['secretKey'], ['region']])(
    'rejects a %s of blanks as empty',
    (field) => {
      expect(failure({ ...APP, [field]: '   ' }).message).toBe(
        `secret field "${field}" must be a non-empty string`,
      );
    },
  );

  it.each([['null'], ['[]'], ['"text"'], ['7']])(
    'rejects %s as the document, naming (root)',
    (text) => {
      const error = failure(text);
      expect(error.field).toBe('(root)');
      expect(error.message).toBe('secret field "(root)" must be a JSON object');
    },
  );

  it('names an app of the list that is not an object', () => {
    expect(failure({ apps: [APP, null] }).message).toBe(
      'secret field "apps[1]" must be a JSON object',
    );
  });

  it('says what apps must be, and which app repeats another', () => {
    expect(failure({ apps: [] }).message).toBe(
      'secret field "apps" must be a non-empty array of apps',
    );
    expect(failure({ apps: [APP, APP] }).message).toBe(
      'secret field "apps[1].sdkAppId" repeats an app listed before it',
    );
  });

  it('lists the regions, and the endpoint alternative, when the region is missing', () => {
    const { region: _none, ...noRegion } = APP;
    expect(failure(noRegion).message).toBe(
      'secret field "region" is missing (one of: china, singapore, seoul, frankfurt, silicon-valley, jakarta, tokyo; or set "endpoint")',
    );
  });
});

describe('parseSecret trims', () => {
  it('drops the whitespace around the key and the identifier, as pasted from a console or a file', () => {
    const [app] = parseSecret(
      JSON.stringify({ ...APP, secretKey: `${KEY}\n`, identifier: ' administrator\t' }),
    );
    expect(app).toMatchObject({ secretKey: KEY, identifier: 'administrator' });
  });

  it('trims an endpoint before checking it', () => {
    const { region: _none, ...noRegion } = APP;
    const [app] = parseSecret(
      JSON.stringify({ ...noRegion, endpoint: ' https://proxy.example.com\n' }),
    );
    expect(app?.endpoint).toBe('https://proxy.example.com');
  });
});

describe('endpointProblem', () => {
  it.each([
    ['https://adminapisgp.im.qcloud.com'],
    ['https://proxy.example.com/base/'],
    ['http://127.0.0.1:8080'],
    ['http://localhost:8080'],
    ['http://[::1]:8080'],
  ])('accepts %s', (url) => {
    expect(endpointProblem(url)).toBeUndefined();
  });

  it.each([
    ['not a URL', 'adminapisgp.im.qcloud.com', /^must be a full base URL such as https:\/\//],
    ['plain http to another host', 'http://proxy.example.com', /^must use https/],
    ['another scheme, even on 127.0.0.1', 'ftp://127.0.0.1', /^must use https/],
    ['a query', 'https://proxy.example.com/?a=1', /^must be a base URL without query/],
    ['a fragment', 'https://proxy.example.com/#top', /^must be a base URL without query/],
    // `new URL` keeps neither an empty query nor an empty fragment, but either would swallow the
    // path appended to the base (the client used to POST to `…/error#/v4/…`).
    [
      'an empty fragment',
      'http://127.0.0.1:9001/2018-06-01/runtime/init/error#',
      /^must be a base URL without query/,
    ],
    ['an empty query', 'https://proxy.example.com/base?', /^must be a base URL without query/],
    ['a user name', 'https://ops@proxy.example.com', /^must be a base URL without query/],
    ['a password', 'https://:pw@proxy.example.com', /^must be a base URL without query/],
  ])('rejects %s', (_name, url, problem) => {
    expect(endpointProblem(url)).toMatch(problem);
  });
});
