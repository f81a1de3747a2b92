/**
 * The Chat REST error codes the simulator answers with, and the ErrorInfo text it sends.
 * Codes and meanings: the public REST API error table
 * (https://cloud.tencent.com/document/product/679/131708 "REST API 公共错误码"; English list in
 * https://www.tencentcloud.com/document/product/1047/34348) and
 * getappinfo's own table (https://www.tencentcloud.com/document/product/1047/41939).
 * Texts quoted from real responses where one was found (60002, 60008); the rest are the
 * documented meaning in English.
 */

/** Codes the simulator's request checks produce, named for the check that fails. */
export const SIM_ERROR = {
  /** HTTP parse error: a malformed URL parameter (`random`, `contenttype`). */
  httpParse: 60002,
  /** Account or signature error in the request URL: no `identifier`. */
  accountMissing: 60004,
  /** Account or signature error in the request URL: no `usersig`. */
  signatureMissing: 60005,
  /** Service timeout or HTTP request format error: not a POST. */
  requestFormat: 60008,
  /** The request needs App admin permission. */
  notAdmin: 60010,
  /** The REST API needs an SDKAppID in the URL. */
  sdkAppIdMissing: 60012,
  /** UserSig expired. */
  userSigExpired: 70001,
  /** UserSig could not be parsed (truncated or not a UserSig). */
  userSigUnparsable: 70003,
  /** UserSig verification failed: signed with another key. */
  userSigBadSignature: 70009,
  /** The identifier in the URL is not the one the UserSig was signed for. */
  userSigIdentifierMismatch: 70013,
  /** The SDKAppID in the URL is not the one the UserSig was signed for. */
  userSigSdkAppIdMismatch: 70014,
  /** SDKAppID not found (in this data center), UserSig verification failed. */
  sdkAppIdNotFound: 70020,
  /** getappinfo: JSON parsing error of the request. */
  jsonParse: 130001,
} as const;

const INFO: Readonly<Record<number, string>> = {
  60002: 'HTTP parse Error',
  60003: 'HTTP request json parse error, please check the json format',
  60004: 'account or signature error in the request URL or json body',
  60005: 'account or signature error in the request URL or json body',
  60006: 'SDKAppID is invalid, please check the validity of the SDKAppID',
  60007: 'REST API call frequency exceeds the limit, please reduce the request frequency',
  60008: 'service timeout or request format error,please check and try again',
  60010: 'request requires App administrator permissions',
  60011: 'SDKAppID request frequency exceeds the limit, please reduce the request frequency',
  60012: 'REST API requires SDKAppID, please check the SDKAppID in the request URL',
  60018: 'requests are too frequent, please try again later',
  60019: 'requests are too frequent, please try again later',
  60020: 'Your Professional Edition package has expired and been deactivated',
  60021: 'RESTful API call source IP is not allowed',
  70001: 'UserSig expired, please generate a new one',
  70003: 'UserSig parse failed',
  70009: 'UserSig verification failed, it may have been generated with the key of another SDKAppID',
  70013: 'the UserID in the request does not match the UserID used to generate the UserSig',
  70014: 'the SDKAppID in the request does not match the SDKAppID used to generate the UserSig',
  70020: 'SDKAppID not found, UserSig verification failed',
  70169: 'internal server error, please try again',
  70500: 'internal server error, please try again',
  130001: 'JSON parsing error of the request',
  130009: 'SQL opening error',
  130010: 'SQL pinging error',
  130011: 'SQL query error',
  130012: 'SQL result parsing error',
};

/** The ErrorInfo the simulator sends for `code` (a generic text for codes it has no text for). */
export function errorInfoFor(code: number): string {
  return INFO[code] ?? `error ${code}`;
}

/** The general REST failure body: `{"ActionStatus":"FAIL","ErrorCode":N,"ErrorInfo":"..."}`. */
export function failureBody(code: number, info = errorInfoFor(code)): string {
  return JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info });
}
