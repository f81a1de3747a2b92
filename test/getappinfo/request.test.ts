import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import {
  apiBaseUrl,
  getAppInfoBody,
  getAppInfoUrl,
  redactUserSig,
} from '../../functions/getappinfo/request.js';
import type { AppConfig } from '../../functions/secret/secret.js';

const app: AppConfig = { sdkAppId: 1400000000, identifier: 'administrator', secretKey: 'k' };

describe('getappinfo request', () => {
  it.each([
    ['china', 'https://console.tim.qq.com'],
    ['singapore', 'https://adminapisgp.im.qcloud.com'],
    ['seoul', 'https://adminapikr.im.qcloud.com'],
    ['frankfurt', 'https://adminapiger.im.qcloud.com'],
    ['silicon-valley', 'https://adminapiusa.im.qcloud.com'],
    ['jakarta', 'https://adminapiidn.im.qcloud.com'],
    ['tokyo', 'https://adminapijpn.im.qcloud.com'],
  ] as const)('sends %s apps to %s', (region, base) => {
    expect(apiBaseUrl({ ...app, region })).toBe(base);
  });

  it('prefers endpoint over region and drops its trailing slashes', () => {
    expect(apiBaseUrl({ ...app, region: 'china', endpoint: 'https://proxy.example.com//' })).toBe(
      'https://proxy.example.com',
    );
  });

  it('refuses an app with neither region nor endpoint instead of guessing one', () => {
    expect(() => apiBaseUrl(app)).toThrow(ConfigError);
  });

  it('builds the documented URL with every query parameter', () => {
    expect(getAppInfoUrl({ ...app, region: 'singapore' }, 'eJw*a-b_', 4294967295)).toBe(
      'https://adminapisgp.im.qcloud.com/v4/openconfigsvr/getappinfo?sdkappid=1400000000&identifier=administrator&usersig=eJw*a-b_&random=4294967295&contenttype=json',
    );
  });

  it("keeps an endpoint's own path and puts the query after the getappinfo path", () => {
    const url = new URL(
      getAppInfoUrl({ ...app, endpoint: 'https://proxy.example.com/chat/' }, 'eJw*a-b_', 7),
    );
    expect(url.origin + url.pathname).toBe(
      'https://proxy.example.com/chat/v4/openconfigsvr/getappinfo',
    );
    expect(url.searchParams.get('usersig')).toBe('eJw*a-b_');
  });

  it('never lets a fragment or a query left in an endpoint swallow the path', () => {
    for (const [endpoint, path] of [
      ['http://127.0.0.1:9001/runtime/error#', '/runtime/error'],
      ['http://127.0.0.1:9001/x?', '/x'],
      // The slashes before a query or a fragment are the path's own: they are dropped too.
      ['http://127.0.0.1:9001/proxy//?via=x', '/proxy'],
      ['http://127.0.0.1:9001/proxy//#top', '/proxy'],
    ]) {
      const url = new URL(getAppInfoUrl({ ...app, endpoint }, 'sig', 1));
      expect(url.pathname).toBe(`${path}/v4/openconfigsvr/getappinfo`);
      expect(url.hash).toBe('');
      expect([...url.searchParams.keys()]).toEqual([
        'sdkappid',
        'identifier',
        'usersig',
        'random',
        'contenttype',
      ]);
    }
  });

  it('sends {} for all fields and RequestField for a subset', () => {
    expect(getAppInfoBody(undefined)).toBe('{}');
    expect(getAppInfoBody(['ActiveUserNum', 'Date'])).toBe(
      '{"RequestField":["ActiveUserNum","Date"]}',
    );
  });

  it('redacts the usersig wherever a URL shows up in text', () => {
    expect(redactUserSig('GET /x?sdkappid=1&usersig=eJw*a-b_&random=2 failed')).toBe(
      'GET /x?sdkappid=1&usersig=REDACTED&random=2 failed',
    );
    expect(redactUserSig('"...?UserSig=abc"')).toBe('"...?UserSig=REDACTED"');
  });
});

describe('apiBaseUrl without region or endpoint', () => {
  it('names the app and the region field', () => {
    expect(() => apiBaseUrl({ ...app, sdkAppId: 1400000007 })).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        field: 'region',
        message: 'app 1400000007 has neither "region" nor "endpoint"',
      }),
    );
  });
});
