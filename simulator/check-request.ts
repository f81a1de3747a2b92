/**
 * The checks the real getappinfo endpoint applies before answering, as a pure function:
 * URL parameters, then the UserSig (decode, SDKAppID, identifier, HMAC, expiry), then admin
 * rights, then the JSON body. The first failing check decides the ErrorCode.
 */
import type { SimulatedApp } from './data.js';
import { SIM_ERROR } from './error-codes.js';
import { verifyUserSig } from './verify-usersig.js';

export interface CheckInput {
  readonly method: string;
  readonly query: Readonly<Record<string, string>>;
  readonly rawBody: string;
  readonly apps: readonly SimulatedApp[];
  readonly now: Date;
}

/** Either the app and the fields to send, or the ErrorCode to answer with. */
export type CheckResult =
  | { readonly ok: true; readonly app: SimulatedApp; readonly requestFields?: readonly string[] }
  | { readonly ok: false; readonly errorCode: number };

const MAX_UINT32 = 4_294_967_295;

const fail = (errorCode: number): CheckResult => ({ ok: false, errorCode });

/** Checks one getappinfo request the way the service does and says how to answer it. */
export function checkRequest(input: CheckInput): CheckResult {
  const { query } = input;
  if (input.method !== 'POST') return fail(SIM_ERROR.requestFormat);

  const sdkAppIdText = query.sdkappid ?? '';
  if (!/^\d+$/.test(sdkAppIdText)) return fail(SIM_ERROR.sdkAppIdMissing);
  const sdkAppId = Number(sdkAppIdText);
  const app = input.apps.find((a) => a.sdkAppId === sdkAppId);
  // A real SDKAppID sent to the wrong region's domain fails the same way: "not found here".
  if (!app) return fail(SIM_ERROR.sdkAppIdNotFound);

  const identifier = query.identifier ?? '';
  if (identifier === '') return fail(SIM_ERROR.accountMissing);
  const userSig = query.usersig ?? '';
  if (userSig === '') return fail(SIM_ERROR.signatureMissing);
  const random = query.random ?? '';
  if (!/^\d{1,10}$/.test(random) || Number(random) > MAX_UINT32) return fail(SIM_ERROR.httpParse);
  if (query.contenttype !== 'json') return fail(SIM_ERROR.httpParse);

  const sigError = verifyUserSig({
    userSig,
    sdkAppId,
    identifier,
    secretKey: app.secretKey,
    now: input.now,
  });
  if (sigError !== undefined) return fail(sigError);
  if (identifier !== app.adminIdentifier) return fail(SIM_ERROR.notAdmin);

  const body = parseJson(input.rawBody);
  if (body === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(SIM_ERROR.jsonParse);
  }
  const fields = (body as { RequestField?: unknown }).RequestField;
  if (fields === undefined) return { ok: true, app };
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) {
    return fail(SIM_ERROR.jsonParse);
  }
  return { ok: true, app, requestFields: fields };
}

/** The JSON value of `text`, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
