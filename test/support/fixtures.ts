/** Apps, stores and helpers shared by the integration tests (all real HTTP on 127.0.0.1). */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { COUNT_FIELDS } from '../../functions/core/opsdata-schema.js';
import type { ClientOptions } from '../../functions/getappinfo/client.js';
import type { AppConfig } from '../../functions/secret/secret.js';
import { type SimulatedApp, simulatedResult } from '../../simulator/data.js';

/** Keys made for these tests only; they let the tests search logs and errors for leaks. */
export const TEST_APPS: readonly SimulatedApp[] = [
  {
    sdkAppId: 1400000101,
    adminIdentifier: 'administrator',
    secretKey: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
    appName: 'Test One',
    company: 'Tests Ltd',
  },
  {
    sdkAppId: 1400000102,
    adminIdentifier: 'ops_admin',
    secretKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    appName: 'Test Two',
    company: 'Tests Ltd',
  },
  {
    sdkAppId: 1400000103,
    adminIdentifier: 'administrator',
    secretKey: '99887766554433221100ffeeddccbbaa99887766554433221100ffeeddccbbaa',
    appName: 'Test Three',
    company: 'Other Co',
    // Values past 2^53 and one malformed value, as a future API might send.
    customize: (row) => ({
      ...row,
      UpMsgNum: '9007199254740993',
      LoginTimes: 'n/a',
      BrandNewNum: '5',
    }),
  },
];

/** The secret entries for `apps`, pointed at a simulator by `endpoint`. */
export function appConfigs(endpoint: string, apps = TEST_APPS): AppConfig[] {
  return apps.map((app) => ({
    sdkAppId: app.sdkAppId,
    identifier: app.adminIdentifier,
    secretKey: app.secretKey,
    endpoint,
  }));
}

/** Client settings that keep retries quick in tests. */
export const FAST_CLIENT: ClientOptions = {
  attemptTimeoutMs: 2_000,
  maxAttempts: 4,
  backoffBaseMs: 5,
  backoffMaxMs: 20,
};

/**
 * The NDJSON the pipeline must write for `app`: the simulator's data at `now`, written out as the
 * contract in DESIGN.md states it. Built here by hand, not with `toRow`/`toNdjson`, so that a bug in
 * those cannot hide behind its own expectation; only the field → column names come from the
 * schema's mapping table, which the golden line in test/core/opsdata-rows.test.ts pins.
 */
export function expectedNdjson(
  app: SimulatedApp,
  now: Date,
  runId: string,
  requestFields?: readonly string[],
  extractedAt: Date = now,
): string {
  return simulatedResult(app, now, requestFields)
    .map((element) => {
      const asked = (field: string) => !requestFields || requestFields.includes(field);
      const invalid: string[] = [];
      const text = (field: string) =>
        asked(field) && typeof element[field] === 'string'
          ? JSON.stringify(element[field])
          : 'null';
      const count = (field: string) => {
        const value = element[field];
        if (!asked(field) || value === undefined) return 'null';
        if (typeof value === 'string' && /^\d+$/.test(value)) return value.replace(/^0+(?=\d)/, '');
        invalid.push(field);
        return 'null';
      };
      const date = String(element.Date);
      const head = [
        `"app_id":${app.sdkAppId}`,
        `"app_name":${text('AppName')}`,
        `"company":${text('Company')}`,
        `"api_app_id":${count('AppId')}`,
        `"stat_date":"${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}"`,
      ];
      const counts = COUNT_FIELDS.map((f) => `"${f.column}":${count(f.apiField)}`);
      const known = new Set([
        'AppName',
        'Company',
        'AppId',
        'Date',
        ...COUNT_FIELDS.map((f) => f.apiField),
      ]);
      const extra = Object.entries(element).filter(([key]) => !known.has(key));
      return `{${[
        ...head,
        ...counts,
        `"invalid_fields":${JSON.stringify(invalid)}`,
        `"extra":${JSON.stringify(Object.fromEntries(extra))}`,
        `"extracted_at":"${extractedAt.toISOString()}"`,
        `"run_id":${JSON.stringify(runId)}`,
        '"schema_version":1',
      ].join(',')}}\n`;
    })
    .join('');
}

export async function readObject(client: S3Client, bucket: string, key: string) {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { body: await object.Body?.transformToString('utf8'), contentType: object.ContentType };
}

export async function listKeys(client: S3Client, bucket: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
}

/**
 * Characters no terminal line, log message or e-mail line of ours may carry (line breaks aside):
 * controls, ANSI escapes' ESC, and the bidi controls.
 */
const UNSAFE_TEXT = /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Whether `text`, taken as lines, holds anything a terminal or a mail client would act on. */
export function hasUnsafeText(text: string): boolean {
  return UNSAFE_TEXT.test(text.replaceAll('\n', ''));
}
