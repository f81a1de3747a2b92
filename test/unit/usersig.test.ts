import { createHmac } from 'node:crypto';
import { Api } from 'tls-sig-api-v2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeUserSig, signUserSig, userSigHmac } from '../../functions/lib/usersig.js';

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
