/**
 * The simulator's own UserSig verifier, written from the TLSSigAPIv2 algorithm (DESIGN.md,
 * https://www.tencentcloud.com/document/product/1047/34385) with node:zlib and node:crypto only.
 * It shares no code with the client's signer (functions/getappinfo/usersig.ts), so a signing bug there
 * is answered with an error here instead of being agreed with.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { SIM_ERROR } from './error-codes.js';

/** The fields of a decoded TLSSigAPIv2 document that the service checks. */
export interface TlsSigDocument {
  readonly identifier: string;
  readonly sdkAppId: number;
  /** Signing time, epoch seconds. */
  readonly time: number;
  /** Validity in seconds from `time`. */
  readonly expire: number;
  /** Base64 HMAC-SHA256 as carried in `TLS.sig`. */
  readonly sig: string;
}

/** The document inside a UserSig, or undefined when it is not a deflated TLSSigAPIv2 document. */
export function readUserSig(userSig: string): TlsSigDocument | undefined {
  // The URL-safe alphabet of TLSSigAPIv2: '*' '-' '_' stand for '+' '/' '='.
  const base64 = userSig.replaceAll('*', '+').replaceAll('-', '/').replaceAll('_', '=');
  let doc: unknown;
  try {
    doc = JSON.parse(inflateSync(Buffer.from(base64, 'base64')).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const fields = doc as Record<string, unknown>;
  const [ver, identifier, sdkAppId, time, expire, sig] = [
    fields['TLS.ver'],
    fields['TLS.identifier'],
    fields['TLS.sdkappid'],
    fields['TLS.time'],
    fields['TLS.expire'],
    fields['TLS.sig'],
  ];
  if (
    ver !== '2.0' ||
    typeof identifier !== 'string' ||
    !isWholeNumber(sdkAppId) ||
    !isWholeNumber(time) ||
    !isWholeNumber(expire) ||
    typeof sig !== 'string'
  ) {
    return undefined;
  }
  return { identifier, sdkAppId, time, expire, sig };
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** The `TLS.sig` a document must carry: base64 HMAC-SHA256 of its content string under the key. */
export function expectedTlsSig(secretKey: string, doc: Omit<TlsSigDocument, 'sig'>): string {
  const content = [
    `TLS.identifier:${doc.identifier}`,
    `TLS.sdkappid:${doc.sdkAppId}`,
    `TLS.time:${doc.time}`,
    `TLS.expire:${doc.expire}`,
    '',
  ].join('\n');
  return createHmac('sha256', Buffer.from(secretKey, 'utf8'))
    .update(Buffer.from(content, 'utf8'))
    .digest('base64');
}

export interface UserSigCheck {
  readonly userSig: string;
  /** The SDKAppID and identifier of the request URL. */
  readonly sdkAppId: number;
  readonly identifier: string;
  /** The app's key, as the service holds it. */
  readonly secretKey: string;
  readonly now: Date;
}

/** The ErrorCode for a UserSig that does not authenticate this request, or undefined if it does. */
export function verifyUserSig(check: UserSigCheck): number | undefined {
  const doc = readUserSig(check.userSig);
  if (doc === undefined) return SIM_ERROR.userSigUnparsable;
  if (doc.sdkAppId !== check.sdkAppId) return SIM_ERROR.userSigSdkAppIdMismatch;
  if (doc.identifier !== check.identifier) return SIM_ERROR.userSigIdentifierMismatch;
  const expected = Buffer.from(expectedTlsSig(check.secretKey, doc));
  const actual = Buffer.from(doc.sig);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return SIM_ERROR.userSigBadSignature;
  }
  // Expiry is checked only for a genuine signature, so a forged one never learns about time.
  if (doc.time + doc.expire < Math.floor(check.now.getTime() / 1000)) {
    return SIM_ERROR.userSigExpired;
  }
  return undefined;
}
