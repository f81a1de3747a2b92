import { createHmac } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { Api } from 'tls-sig-api-v2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeUserSig, signUserSig, userSigHmac } from '../../functions/getappinfo/usersig.js';

// The vector from DESIGN.md, checked against Tencent's algorithm description.
const VECTOR = {
  sdkAppId: 1400000000,
  identifier: 'administrator',
  secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e',
  now: 1700000000,
  expire: 86400,
};

describe('signUserSig', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('produces the TLS.sig of the published test vector', () => {
    expect(decodeUserSig(signUserSig(VECTOR))['TLS.sig']).toBe(
      'yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=',
    );
  });

  it('signs exactly the TLSSigAPIv2 content string', () => {
    const content =
      'TLS.identifier:administrator\nTLS.sdkappid:1400000000\nTLS.time:1700000000\nTLS.expire:86400\n';
    const expected = createHmac('sha256', VECTOR.secretKey).update(content).digest('base64');
    expect(userSigHmac(VECTOR)).toBe(expected);
  });

  it('matches the official tls-sig-api-v2 package field by field under a frozen clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(VECTOR.now * 1000);
    const official = decodeUserSig(
      new Api(VECTOR.sdkAppId, VECTOR.secretKey).genUserSig(VECTOR.identifier, VECTOR.expire),
    );
    const ours = decodeUserSig(signUserSig(VECTOR));
    expect(ours).toEqual(official);
    expect(ours['TLS.ver']).toBe('2.0');
  });

  it.each([
    ['a non-ASCII identifier', { identifier: 'админ-管理员' }],
    ['a short expiry', { expire: 60 }],
    ['another app', { sdkAppId: 20000001 }],
  ])('agrees with the official package for %s', (_name, change) => {
    vi.useFakeTimers();
    vi.setSystemTime(VECTOR.now * 1000);
    const input = { ...VECTOR, ...change };
    const official = decodeUserSig(
      new Api(input.sdkAppId, input.secretKey).genUserSig(input.identifier, input.expire),
    );
    expect(decodeUserSig(signUserSig(input))).toEqual(official);
  });

  it('round-trips through decodeUserSig with URL-safe characters only', () => {
    const sig = signUserSig(VECTOR);
    expect(sig).toMatch(/^[A-Za-z0-9*\-_]+$/);
    expect(decodeUserSig(sig)).toEqual({
      'TLS.ver': '2.0',
      'TLS.identifier': 'administrator',
      'TLS.sdkappid': 1400000000,
      'TLS.expire': 86400,
      'TLS.time': 1700000000,
      'TLS.sig': 'yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=',
    });
  });

  it('changes the signature when the key changes', () => {
    const other = decodeUserSig(signUserSig({ ...VECTOR, secretKey: `${VECTOR.secretKey}0` }));
    expect(other['TLS.sig']).not.toBe('yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=');
  });

  it('rejects a string that is not a UserSig', () => {
    expect(() => decodeUserSig('not-a-usersig')).toThrow();
  });
});

describe('the UserSig string', () => {
  /** DESIGN.md's mapping back to standard base64: `*`→`+`, `-`→`/`, `_`→`=`. */
  const standardBase64 = (sig: string) =>
    sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');

  it.each([
    ['the test vector', VECTOR],
    ['another identifier', { ...VECTOR, identifier: 'ops_admin' }],
    ['another app', { ...VECTOR, sdkAppId: 20000001, expire: 600 }],
  ])('is padded base64 of the deflated document for %s, with = sent as _', (_name, input) => {
    const base64 = standardBase64(signUserSig(input));
    // Canonical base64 keeps its padding, so decoding and re-encoding gives the same text.
    expect(Buffer.from(base64, 'base64').toString('base64')).toBe(base64);
    expect(base64.length % 4).toBe(0);
  });

  it('sends the padding of a document whose length needs it as _', () => {
    const sigs = ['a', 'ab', 'abc', 'abcd'].map((identifier) =>
      signUserSig({ ...VECTOR, identifier }),
    );
    // Deflated lengths vary with the identifier, so at least one of these needs padding.
    expect(sigs.some((sig) => sig.endsWith('_'))).toBe(true);
    for (const sig of sigs) expect(sig).not.toContain('=');
  });
});

describe('decodeUserSig', () => {
  const encode = (doc: Record<string, unknown>) =>
    deflateSync(Buffer.from(JSON.stringify(doc), 'utf8'))
      .toString('base64')
      .replace(/\+/g, '*')
      .replace(/\//g, '-')
      .replace(/=/g, '_');
  const complete = decodeUserSig(signUserSig(VECTOR));

  it('reads a document built by the documented steps', () => {
    expect(decodeUserSig(encode({ ...complete }))).toEqual(complete);
  });

  it.each([
    ['TLS.identifier', 42],
    ['TLS.sdkappid', '1400000000'],
    ['TLS.time', '1700000000'],
    ['TLS.expire', '86400'],
    ['TLS.sig', 7],
  ])('rejects a document whose %s is missing or of the wrong type', (field, wrong) => {
    const { [field as keyof typeof complete]: _gone, ...rest } = complete;
    expect(() => decodeUserSig(encode(rest))).toThrow('UserSig document is missing a TLS field');
    expect(() => decodeUserSig(encode({ ...complete, [field]: wrong }))).toThrow(
      'UserSig document is missing a TLS field',
    );
  });
});
