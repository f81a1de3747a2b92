import { createHmac } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { Api } from 'tls-sig-api-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GETAPPINFO_PATH, type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { expectedTlsSig, readUserSig, verifyUserSig } from '../../simulator/verify-usersig.js';

// DESIGN.md's test vector.
const VECTOR = {
  sdkAppId: 1400000000,
  identifier: 'administrator',
  secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e',
  time: 1700000000,
  expire: 86400,
};
const VECTOR_SIG = 'yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=';
const AT_VECTOR_TIME = new Date((VECTOR.time + 60) * 1000);

/** The official package's UserSig, signed at `time` (its clock is Date.now). */
function officialUserSig(
  over: Partial<typeof VECTOR> = {},
  time = VECTOR.time,
  identifier = VECTOR.identifier,
) {
  const v = { ...VECTOR, ...over };
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(time * 1000);
  try {
    return new Api(v.sdkAppId, v.secretKey).genUserSig(identifier, v.expire);
  } finally {
    vi.useRealTimers();
  }
}

/**
 * A UserSig built here, by hand, from any content string: how a client with a signing bug would
 * build it. With the right content it must pass, so a rejection is about the content alone.
 */
function handMadeUserSig(content: string, fields = VECTOR): string {
  const sig = createHmac('sha256', fields.secretKey).update(content).digest('base64');
  const doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': fields.identifier,
    'TLS.sdkappid': fields.sdkAppId,
    'TLS.expire': fields.expire,
    'TLS.time': fields.time,
    'TLS.sig': sig,
  };
  return deflateSync(Buffer.from(JSON.stringify(doc)))
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}

const RIGHT_CONTENT =
  'TLS.identifier:administrator\nTLS.sdkappid:1400000000\nTLS.time:1700000000\nTLS.expire:86400\n';

const verify = (userSig: string, over: Partial<Parameters<typeof verifyUserSig>[0]> = {}) =>
  verifyUserSig({
    userSig,
    sdkAppId: VECTOR.sdkAppId,
    identifier: VECTOR.identifier,
    secretKey: VECTOR.secretKey,
    now: AT_VECTOR_TIME,
    ...over,
  });

describe('the simulator’s own UserSig verifier', () => {
  it('computes the TLS.sig of DESIGN.md’s test vector', () => {
    expect(expectedTlsSig(VECTOR.secretKey, VECTOR)).toBe(VECTOR_SIG);
  });

  it('reads the official package’s UserSig field by field, its TLS.sig equal to the vector', () => {
    expect(readUserSig(officialUserSig())).toEqual({
      identifier: VECTOR.identifier,
      sdkAppId: VECTOR.sdkAppId,
      time: VECTOR.time,
      expire: VECTOR.expire,
      sig: VECTOR_SIG,
    });
  });

  it.each([
    ['the vector', {}, VECTOR.identifier],
    ['a non-ASCII identifier', {}, 'админ-管理员'],
    ['a short expiry', { expire: 60 }, VECTOR.identifier],
    ['another app and key', { sdkAppId: 20000001, secretKey: 'b'.repeat(64) }, 'ops'],
  ])('accepts an official-package UserSig for %s', (_name, over, identifier) => {
    const v = { ...VECTOR, ...over };
    const userSig = officialUserSig(over, VECTOR.time, identifier);
    expect(verify(userSig, { sdkAppId: v.sdkAppId, identifier, secretKey: v.secretKey })).toBe(
      undefined,
    );
  });

  it('accepts a hand-made UserSig over the right content string (the control case)', () => {
    expect(verify(handMadeUserSig(RIGHT_CONTENT))).toBe(undefined);
  });

  it.each([
    ['without the trailing newline', RIGHT_CONTENT.slice(0, -1)],
    ['with \\r\\n line ends', RIGHT_CONTENT.replaceAll('\n', '\r\n')],
    [
      'with time and expire swapped',
      RIGHT_CONTENT.replace(
        /TLS\.time.*\nTLS\.expire.*\n/,
        'TLS.expire:86400\nTLS.time:1700000000\n',
      ),
    ],
    ['with the expiry as a timestamp', RIGHT_CONTENT.replace('86400', '1700086400')],
    ['without the TLS. prefixes', RIGHT_CONTENT.replaceAll('TLS.', '')],
  ])('rejects a UserSig signed over the content %s with 70009', (_name, content) => {
    expect(content).not.toBe(RIGHT_CONTENT);
    expect(verify(handMadeUserSig(content))).toBe(70009);
  });

  it.each([
    ['a string that is not base64 of deflate', 'not-a-usersig'],
    ['deflated text that is not JSON', deflateSync(Buffer.from('TLS')).toString('base64')],
    ['a document without TLS.ver', docSig({ 'TLS.ver': undefined })],
    ['a document of version 1', docSig({ 'TLS.ver': '1.0' })],
    ['TLS.time as a string', docSig({ 'TLS.time': '1700000000' })],
    ['TLS.sdkappid as a string', docSig({ 'TLS.sdkappid': '1400000000' })],
    ['no TLS.sig', docSig({ 'TLS.sig': undefined })],
  ])('answers %s with 70003', (_name, userSig) => {
    expect(verify(userSig)).toBe(70003);
  });

  it('tells a wrong SDKAppID, identifier, key and expiry apart', () => {
    const userSig = officialUserSig();
    expect(verify(userSig, { sdkAppId: 1400000001 })).toBe(70014);
    expect(verify(userSig, { identifier: 'admin' })).toBe(70013);
    expect(verify(userSig, { secretKey: `${VECTOR.secretKey}0` })).toBe(70009);
    const expired = new Date((VECTOR.time + VECTOR.expire + 1) * 1000);
    expect(verify(userSig, { now: expired })).toBe(70001);
    // A forged signature never learns whether it would also have expired.
    expect(verify(userSig, { now: expired, secretKey: 'x' })).toBe(70009);
  });
});

/** A deflated document with the vector's fields, some replaced or (undefined) left out. */
function docSig(change: Record<string, unknown>): string {
  const doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': VECTOR.identifier,
    'TLS.sdkappid': VECTOR.sdkAppId,
    'TLS.expire': VECTOR.expire,
    'TLS.time': VECTOR.time,
    'TLS.sig': VECTOR_SIG,
    ...change,
  };
  return deflateSync(Buffer.from(JSON.stringify(doc)))
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}

describe('getappinfo simulator: UserSig checks independent of the client', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      apps: [
        {
          sdkAppId: VECTOR.sdkAppId,
          adminIdentifier: VECTOR.identifier,
          secretKey: VECTOR.secretKey,
          appName: 'Vector App',
          company: 'Vector Co',
        },
      ],
      now: () => AT_VECTOR_TIME,
    });
  });
  afterAll(async () => {
    await sim.close();
  });
  afterEach(() => {
    sim.reset();
  });

  const errorCodeFor = async (usersig: string) => {
    const query = new URLSearchParams({
      sdkappid: String(VECTOR.sdkAppId),
      identifier: VECTOR.identifier,
      usersig,
      random: '7',
      contenttype: 'json',
    });
    const response = await fetch(`${sim.url}${GETAPPINFO_PATH}?${query}`, {
      method: 'POST',
      body: '{}',
    });
    return ((await response.json()) as { ErrorCode: number }).ErrorCode;
  };

  it('answers a UserSig signed without the content’s trailing newline with 70009 over HTTP', async () => {
    expect(await errorCodeFor(handMadeUserSig(RIGHT_CONTENT))).toBe(0);
    expect(await errorCodeFor(handMadeUserSig(RIGHT_CONTENT.slice(0, -1)))).toBe(70009);
  });

  it('answers the official package’s UserSig with data over HTTP', async () => {
    expect(await errorCodeFor(officialUserSig())).toBe(0);
  });

  it('imports nothing from the client’s usersig module', async () => {
    const dir = join(import.meta.dirname, '../../simulator');
    const sources = (await readdir(dir)).filter((name) => name.endsWith('.ts'));
    expect(sources).toContain('check-request.ts');
    for (const name of sources) {
      const text = await readFile(join(dir, name), 'utf8');
      expect(text, name).not.toMatch(/from\s+['"][^'"]*functions\/getappinfo\/usersig(\.js)?['"]/);
      expect(text, name).not.toMatch(/import\(\s*['"][^'"]*usersig/);
    }
  });
});
