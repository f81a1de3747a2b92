import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import {
  endpointProblem,
  PLACEHOLDER_SECRET,
  parseSecret,
  parseSecretDocument,
} from '../../functions/secret/secret.js';

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

  it('says the secret still holds the placeholder the stack creates, and how to fill it', () => {
    const error = failure(PLACEHOLDER_SECRET);
    expect(error.field).toBe('(root)');
    expect(error.message).toBe(
      'the secret still holds the placeholder the stack created — put the app credentials in it with the stack output PutSecretValueCommand (docs/deploy.md, step 4)',
    );
  });

  it('says where a text that is not JSON goes wrong, by line and column, without quoting it', () => {
    expect(failure(`{"secretKey":"${KEY}"`).message).toBe(
      'the secret is not valid JSON: line 1, column 80: "}" was expected',
    );
  });

  it.each([
    [
      'a trailing comma',
      `{"sdkAppId": 1400000000,\n "secretKey": "${KEY}",\n}`,
      'line 3, column 1: a field name in double quotes was expected (a comma before "}"?)',
    ],
    ['a value without quotes', `{"secretKey": ${KEY}}`, 'line 1, column 15: '],
    ['single quotes', `{'secretKey': '${KEY}'}`, 'line 1, column 2: '],
    ['a line break inside a string', `{"secretKey": "${KEY}\n"}`, 'line 1, column 15: '],
    [
      'a comment',
      `{"secretKey": "${KEY}" /* key */}`,
      'line 1, column 82: a comment (JSON has none)',
    ],
    ['text after the document', `{"secretKey": "${KEY}"} ${KEY}`, 'line 1, column 83: '],
  ])('locates %s by line and column and quotes nothing of it', (_name, text, where) => {
    const { message } = failure(text);
    expect(message).toContain(`the secret is not valid JSON: ${where}`);
    expect(message).not.toContain(KEY.slice(0, 8));
  });

  it.each([[''], ['  \n\t ']])('says an empty secret (%j) is empty', (text) => {
    expect(failure(text).message).toMatch(
      /^the secret is empty — it must hold the secret JSON: \{"sdkAppId"/,
    );
  });

  it('names where the secret came from and what to look at', () => {
    const origin = { name: 'secret chat-opsdata/tencent', where: 'its SecretString' };
    expect(() => parseSecret('{', origin)).toThrow(
      'secret chat-opsdata/tencent is not valid JSON (its SecretString): line 1, column 2: ',
    );
    expect(() => parseSecret('', origin)).toThrow(
      /^secret chat-opsdata\/tencent is empty \(its SecretString\) — /,
    );
  });
});

describe('parseSecret: fields it does not know', () => {
  it.each([
    ['identifer', { identifer: 'administrator' }, 'identifer', 'identifier'],
    ['SecretKey', { SecretKey: KEY }, 'SecretKey', 'secretKey'],
    ['sdkappid', { sdkappid: 1400000000 }, 'sdkappid', 'sdkAppId'],
    ['regoin', { regoin: 'singapore' }, 'regoin', 'region'],
    ['endpiont', { endpiont: 'https://proxy.example.com' }, 'endpiont', 'endpoint'],
  ])('rejects %s, naming it and the field it most likely meant', (_name, extra, field, meant) => {
    const error = failure({ ...APP, ...extra });
    expect(error.field).toBe(field);
    expect(error.message).toBe(
      `secret field "${field}" is not a field of the secret — did you mean "${meant}"?`,
    );
  });

  it('names an unknown field of an app in a list by its place', () => {
    const error = failure({ apps: [APP, { ...APP, sdkAppId: 1400000001, identifer: 'x' }] });
    expect(error.field).toBe('apps[1].identifer');
    expect(error.message).toContain('did you mean "identifier"?');
  });

  it('lists the fields when no known one is close', () => {
    expect(failure({ ...APP, colour: 'blue' }).message).toBe(
      'secret field "colour" is not a field of the secret (fields: sdkAppId, identifier, secretKey, region, endpoint, apps, notify)',
    );
  });

  it('says an app field beside "apps" belongs in each app', () => {
    const error = failure({ apps: [APP], region: 'singapore' });
    expect(error.field).toBe('region');
    expect(error.message).toBe(
      'secret field "region" belongs in each app of "apps", not beside "apps"',
    );
  });

  it('does not quote a key that looks like a value pasted in the wrong place', () => {
    const error = failure({ ...APP, [KEY]: true });
    expect(error.field).toBe('(root)');
    expect(error.message).toBe(
      'secret field "(root)" has a field that is not one of sdkAppId, identifier, secretKey, region, endpoint, apps, notify (its name is not shown: it does not look like a field name)',
    );
  });

  it('names the app, not the document, for such a key in an app of "apps"', () => {
    const error = failure({ apps: [{ ...APP, [KEY]: true }] });
    expect(error.field).toBe('apps[0]');
    expect(error.message).toBe(
      'secret field "apps[0]" has a field that is not one of sdkAppId, identifier, secretKey, region, endpoint (its name is not shown: it does not look like a field name)',
    );
  });

  it('reads a document holding the placeholder beside app fields as an app, not as the placeholder', () => {
    const error = failure({ ...APP, ...PLACEHOLDER_SECRET });
    expect(error.field).toBe('placeholder');
    expect(error.message).toMatch(/^secret field "placeholder" is not a field of the secret/);
  });

  it('takes "notify" beside one app or beside "apps" (the digest webhooks are read elsewhere)', () => {
    expect(parseSecret(JSON.stringify({ ...APP, notify: [] }))).toEqual([APP]);
    expect(parseSecret(JSON.stringify({ apps: [APP], notify: [] }))).toEqual([APP]);
  });

  it('suggests wrapping a top-level array as {"apps": [...]}', () => {
    const error = failure([APP]);
    expect(error.field).toBe('(root)');
    expect(error.message).toBe(
      'secret field "(root)" must be a JSON object, not an array — to list several apps, wrap them as {"apps": [...]}',
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

  it.each([['null'], ['"text"'], ['7']])('rejects %s as the document, naming (root)', (text) => {
    const error = failure(text);
    expect(error.field).toBe('(root)');
    expect(error.message).toBe('secret field "(root)" must be a JSON object');
  });

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

describe('parseSecretDocument: notify', () => {
  const SLACK = 'https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdEFGHijklMNOPqrstUVWX';
  const WECOM =
    'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa';
  const FEISHU =
    'https://open.feishu.cn/open-apis/bot/v2/hook/4fb3a9d2-0000-4a3b-9c1d-7a1b2c3d4e5f';
  const LARK =
    'https://open.larksuite.com/open-apis/bot/v2/hook/4fb3a9d2-0000-4a3b-9c1d-7a1b2c3d4e5f';
  const DINGTALK =
    'https://oapi.dingtalk.com/robot/send?access_token=0f1e2d3c4b5a69788796a5b4c3d2e1f0';
  const SECRETS = [
    'abcdEFGHijklMNOPqrstUVWX',
    '693a91f6',
    '4fb3a9d2',
    '0f1e2d3c4b5a',
    'SECsigning0123',
  ];

  const notifyFailure = (notify: unknown, where: 'top' | 'apps' = 'apps'): ConfigError => {
    const doc = where === 'apps' ? { apps: [APP], notify } : { ...APP, notify };
    try {
      parseSecretDocument(JSON.stringify(doc));
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected parseSecretDocument to throw');
  };

  it('reads the webhooks beside apps, trimmed, with their signing secrets', () => {
    const notify = [
      { kind: 'slack', url: ` ${SLACK} ` },
      { kind: 'wecom', url: WECOM },
      { kind: 'feishu', url: FEISHU, signingSecret: ' SECsigning0123 ' },
      { kind: 'feishu', url: LARK },
      { kind: 'dingtalk', url: DINGTALK, signingSecret: 'SECsigning0123' },
    ];
    expect(parseSecretDocument(JSON.stringify({ apps: [APP], notify }))).toEqual({
      apps: [APP],
      notify: [
        { kind: 'slack', url: SLACK },
        { kind: 'wecom', url: WECOM },
        { kind: 'feishu', url: FEISHU, signingSecret: 'SECsigning0123' },
        { kind: 'feishu', url: LARK },
        { kind: 'dingtalk', url: DINGTALK, signingSecret: 'SECsigning0123' },
      ],
    });
  });

  it("reads them beside the one app's fields, and none when there is no notify", () => {
    expect(
      parseSecretDocument(JSON.stringify({ ...APP, notify: [{ kind: 'slack', url: SLACK }] })),
    ).toEqual({
      apps: [APP],
      notify: [{ kind: 'slack', url: SLACK }],
    });
    expect(parseSecretDocument(JSON.stringify(APP)).notify).toEqual([]);
    expect(parseSecret(JSON.stringify({ ...APP, notify: [] }))).toEqual([APP]);
  });

  it('takes plain http to this machine only, as for an endpoint', () => {
    const local = 'http://127.0.0.1:8123/robot/send?access_token=abc';
    expect(
      parseSecretDocument(JSON.stringify({ ...APP, notify: [{ kind: 'dingtalk', url: local }] }))
        .notify,
    ).toEqual([{ kind: 'dingtalk', url: local }]);
  });

  it.each([
    [
      { kind: 'slack', url: SLACK.replace('https', 'http') },
      'notify[0].url',
      'must use https (plain http is accepted only for 127.0.0.1 / localhost)',
    ],
    [
      { kind: 'teams', url: SLACK },
      'notify[0].kind',
      'must be one of: slack, wecom, feishu, dingtalk',
    ],
    [{ kind: 'slack' }, 'notify[0].url', 'is missing'],
    [
      { kind: 'slack', url: 'hooks.slack.com/services/x' },
      'notify[0].url',
      "must be the webhook's full URL, as Slack shows it",
    ],
    [
      { kind: 'slack', url: WECOM },
      'notify[0].url',
      'is a WeCom webhook (qyapi.weixin.qq.com), but "kind" is "slack"',
    ],
    [
      { kind: 'slack', url: SLACK, signingSecret: 'SECsigning0123' },
      'notify[0].signingSecret',
      'is only for feishu and dingtalk: Slack webhooks are not signed',
    ],
    [
      { kind: 'feishu', url: FEISHU, signingSecret: 7 },
      'notify[0].signingSecret',
      'must be a non-empty string',
    ],
    [
      { kind: 'feishu', url: FEISHU, secret: 'SECsigning0123' },
      'notify[0].secret',
      'is not a webhook field (kind, url, signingSecret)',
    ],
    [
      {
        kind: 'wecom',
        url: 'https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6',
      },
      'notify[0].url',
      'must not hold credentials before the host',
    ],
    [
      { kind: 'wecom', url: `${WECOM}${'a'.repeat(2048)}` },
      'notify[0].url',
      'is longer than 2048 characters',
    ],
    [
      { kind: 'wecom', url: 'https://ops@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6' },
      'notify[0].url',
      'must not hold credentials before the host',
    ],
    [
      { kind: 'wecom', url: 'https://:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6' },
      'notify[0].url',
      'must not hold credentials before the host',
    ],
    [{ url: SLACK }, 'notify[0].kind', 'is missing'],
    [
      { kind: 'feishu', url: FEISHU, signingSecret: `SECsigning0123${'s'.repeat(2035)}` },
      'notify[0].signingSecret',
      'is longer than 2048 characters',
    ],
    ['https://hooks.slack.com/x', 'notify[0]', 'must be a JSON object with "kind" and "url"'],
  ])('rejects %j, naming %s, never the URL or its token', (entry, field, problem) => {
    const error = notifyFailure([entry]);
    expect(error.field).toBe(field);
    expect(error.message).toBe(`secret field "${field}" ${problem}`);
    for (const secret of SECRETS) expect(error.message).not.toContain(secret);
  });

  it('rejects a notify that is not a list, more than 10 webhooks, and a URL listed twice', () => {
    expect(notifyFailure({ kind: 'slack', url: SLACK }, 'top').message).toBe(
      'secret field "notify" must be an array of webhooks ({"kind", "url"})',
    );
    expect(
      notifyFailure(Array.from({ length: 11 }, (_, i) => ({ kind: 'slack', url: `${SLACK}${i}` })))
        .message,
    ).toBe('secret field "notify" may list at most 10 webhooks');
    const twice = notifyFailure([
      { kind: 'slack', url: SLACK },
      { kind: 'wecom', url: WECOM },
      { kind: 'slack', url: SLACK },
    ]);
    expect(twice.field).toBe('notify[2].url');
    expect(twice.message).toBe(
      'secret field "notify[2].url" repeats a webhook listed before it (it would get every message twice)',
    );
  });

  it('takes 10 webhooks, and a URL and a signing secret of 2048 characters, the most it allows', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ kind: 'slack', url: `${SLACK}${i}` }));
    expect(parseSecretDocument(JSON.stringify({ apps: [APP], notify: ten })).notify).toEqual(ten);
    const url = `${WECOM}${'a'.repeat(2048 - WECOM.length)}`;
    const signingSecret = `SECsigning0123${'s'.repeat(2048 - 'SECsigning0123'.length)}`;
    const notify = [
      { kind: 'wecom', url },
      { kind: 'dingtalk', url: DINGTALK, signingSecret },
    ];
    expect(parseSecretDocument(JSON.stringify({ apps: [APP], notify })).notify).toEqual(notify);
  });
});
