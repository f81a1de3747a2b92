/**
 * TLSSigAPIv2 UserSig: the signature every Chat REST call carries in `usersig`.
 * Algorithm: https://www.tencentcloud.com/document/product/1047/34385 and the official
 * `tls-sig-api-v2` package, which the tests use as an oracle.
 */
import { createHmac } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

export interface UserSigInput {
  readonly sdkAppId: number;
  readonly identifier: string;
  readonly secretKey: string;
  /** Signing time, epoch seconds (the clock is the caller's). */
  readonly now: number;
  /** Validity in seconds from `now`. */
  readonly expire: number;
}

/** The JSON document a UserSig decodes to. */
export interface UserSigDocument {
  readonly 'TLS.ver': string;
  readonly 'TLS.identifier': string;
  readonly 'TLS.sdkappid': number;
  readonly 'TLS.expire': number;
  readonly 'TLS.time': number;
  readonly 'TLS.sig': string;
}

/** Base64 HMAC-SHA256 over the TLSSigAPIv2 content string, keyed by the secret key. */
export function userSigHmac(input: UserSigInput): string {
  const content =
    `TLS.identifier:${input.identifier}\n` +
    `TLS.sdkappid:${input.sdkAppId}\n` +
    `TLS.time:${input.now}\n` +
    `TLS.expire:${input.expire}\n`;
  return createHmac('sha256', input.secretKey).update(content).digest('base64');
}

/** Signs a UserSig for `identifier`, valid for `expire` seconds from `now`. */
export function signUserSig(input: UserSigInput): string {
  const doc: UserSigDocument = {
    'TLS.ver': '2.0',
    'TLS.identifier': input.identifier,
    'TLS.sdkappid': input.sdkAppId,
    'TLS.expire': input.expire,
    'TLS.time': input.now,
    'TLS.sig': userSigHmac(input),
  };
  const compressed = deflateSync(Buffer.from(JSON.stringify(doc)));
  return compressed.toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

/**
 * Decodes a UserSig back to its document (no verification).
 * @throws Error when the string is not a deflated TLSSigAPIv2 document.
 */
export function decodeUserSig(userSig: string): UserSigDocument {
  const base64 = userSig.replace(/\*/g, '+').replace(/-/g, '/');
  // `_` stands for base64's `=` padding, which Buffer's decoder does not need.
  // Stryker disable next-line StringLiteral: equivalent (whatever replaces the padding comes after the deflate stream's end, which inflate ignores)
  const unpadded = base64.replace(/_/g, '');
  const json = inflateSync(Buffer.from(unpadded, 'base64')).toString('utf8');
  const doc = JSON.parse(json) as Partial<UserSigDocument>;
  if (
    typeof doc['TLS.identifier'] !== 'string' ||
    typeof doc['TLS.sdkappid'] !== 'number' ||
    typeof doc['TLS.time'] !== 'number' ||
    typeof doc['TLS.expire'] !== 'number' ||
    typeof doc['TLS.sig'] !== 'string'
  ) {
    throw new Error('UserSig document is missing a TLS field');
  }
  return doc as UserSigDocument;
}
