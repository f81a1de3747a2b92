/**
 * Generators of secret documents for the fuzz tests. Each document comes with the fields the
 * contract says are wrong in it (empty: the secret is valid) and every value it holds, so a test
 * can check that a rejection names a wrong field and quotes none of the values.
 *
 * A message may legitimately quote public text: field names, region names, the example SDKAppID
 * and URL, 127.0.0.1. No generated value is part of such text (see `distinctive`), so finding a
 * value in a message always means the value leaked. That is also why a document holds either only
 * valid region names (family "regions": every app has a valid region, so no message lists them)
 * or none at all (family "endpoints": apps route by endpoint, regions are absent or wrong).
 */
import fc from 'fast-check';
import { REGIONS } from '../../../functions/getappinfo/regions.js';

/** Text a rejection may quote without leaking anything. */
export const PUBLIC_TEXT: readonly string[] = [
  'sdkAppId',
  'identifier',
  'secretKey',
  'region',
  'endpoint',
  'apps',
  '(root)',
  'SDKAppID',
  'SecretString',
  ...REGIONS,
  REGIONS.join(', '),
  'https://adminapisgp.im.qcloud.com',
  '127.0.0.1 / localhost',
  '1400000000',
];

/**
 * Whether a value cannot turn up in a message by coincidence: not part of any public text; a
 * number (or a string of digits) of 4 characters or more, since `apps[1]` holds a 1; and no short
 * ASCII string that could be a word of a message (`"must"`). Strings under 3 characters are not
 * checked at all.
 */
export function distinctive(value: string | number): boolean {
  const text = String(value);
  const numeric = typeof value === 'number' || /^\d+$/.test(text);
  if (numeric && text.length < 4) return false;
  if (text.length < 3) return true;
  if (PUBLIC_TEXT.some((known) => known.includes(text))) return false;
  return numeric || text.length >= 8 || [...text].some((char) => (char.codePointAt(0) ?? 0) > 0x7f);
}

/** A leaf value and whether it is valid for the field it is generated for. */
interface Leaf {
  readonly value: unknown;
  readonly ok: boolean;
}
const ok = (value: unknown): Leaf => ({ value, ok: true });
const bad = (value: unknown): Leaf => ({ value, ok: false });

const text = (min = 8, max = 40) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: min, maxLength: max }),
      fc.string({ unit: 'binary', minLength: min, maxLength: max }),
      fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: max }),
    )
    .filter(distinctive);
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const number = (arb: fc.Arbitrary<number>) => arb.filter((n) => distinctive(n));
const UINT32_MAX = 2 ** 32 - 1;

/** Values that are wrong for every field: wrong types. */
const wrongType: fc.Arbitrary<Leaf> = fc.oneof(
  fc.constantFrom(null, true, false, [], {}).map(bad),
  text().map((s) => bad([s])),
  text().map((s) => bad({ value: s })),
);

const validSdkAppId = number(
  fc.oneof(
    fc.integer({ min: 1_400_000_001, max: 1_409_999_999 }),
    fc.integer({ min: 1000, max: UINT32_MAX }),
  ),
);

const sdkAppId: fc.Arbitrary<Leaf> = fc.oneof(
  { arbitrary: validSdkAppId.map(ok), weight: 30 },
  { arbitrary: validSdkAppId.map((n) => ok(String(n))), weight: 6 },
  {
    arbitrary: fc
      .oneof(
        number(fc.integer({ min: -(2 ** 40), max: -1000 })),
        number(fc.integer({ min: UINT32_MAX + 1, max: 2 ** 53 })),
        number(
          fc.double({ min: 1000, max: 1e12, noNaN: true }).filter((d) => !Number.isInteger(d)),
        ),
        fc.constantFrom(1e21, 2 ** 64, 4294967296),
      )
      .map(bad),
    weight: 2,
  },
  {
    arbitrary: fc
      .oneof(
        validSdkAppId.map((n) => ` ${n}`),
        validSdkAppId.map((n) => `${n}.0`),
        validSdkAppId.map((n) => `${n}`.replaceAll('0', 'O')).filter((s) => /O/.test(s)),
        fc.constantFrom('fourteen hundred', 'SDKAppID here', '１４００００００１', '-1400000001'),
        text(),
      )
      .filter(distinctive)
      .map(bad),
    weight: 2,
  },
  { arbitrary: wrongType, weight: 1 },
);

/** `identifier` and `secretKey`: non-empty, not blank strings. */
const name = (valid: fc.Arbitrary<string>): fc.Arbitrary<Leaf> =>
  fc.oneof(
    { arbitrary: valid.map((s) => (s.trim() === '' ? bad(s) : ok(s))), weight: 30 },
    { arbitrary: fc.constantFrom('', ' ', '\t\n').map(bad), weight: 1 },
    { arbitrary: number(fc.integer({ min: 1000, max: 2 ** 40 })).map(bad), weight: 1 },
    { arbitrary: wrongType, weight: 1 },
  );
const identifier = name(
  fc.oneof(
    fc.constantFrom('administrator', 'ops_admin_01', '管理员', 'админ-01', 'tencent_im_admin'),
    text(),
  ),
);
const secretKey = name(fc.oneof(hex(64), hex(32), text(16, 80)));

const validRegion = fc.constantFrom(...REGIONS).map(ok);
const wrongRegion: fc.Arbitrary<Leaf> = fc.oneof(
  fc
    .constantFrom(
      'ap-singapore',
      'Singapore',
      'us-east-1',
      'ap-guangzhou',
      'silicon valley',
      'FRANKFURT',
      'mars-base-1',
    )
    .map(bad),
  text().map(bad),
  number(fc.integer({ min: 1000, max: 10 ** 9 })).map(bad),
  wrongType,
);

const host = fc
  .tuple(hex(6), fc.constantFrom('example.com', 'proxy.example.net', 'corp.example'))
  .map(([label, domain]) => `chat-${label}.${domain}`);
const endpoint: fc.Arbitrary<Leaf> = fc.oneof(
  { arbitrary: host.map((h) => ok(`https://${h}`)), weight: 24 },
  { arbitrary: host.map((h) => ok(`https://${h}/chat/`)), weight: 6 },
  {
    arbitrary: fc.integer({ min: 1024, max: 65_535 }).map((port) => ok(`http://127.0.0.1:${port}`)),
    weight: 6,
  },
  { arbitrary: host.map((h) => bad(`http://${h}`)), weight: 1 },
  { arbitrary: host.map((h) => bad(`https://${h}/?token=abcdef`)), weight: 1 },
  { arbitrary: host.map((h) => bad(`https://user:pw1234@${h}`)), weight: 1 },
  { arbitrary: host.map((h) => bad(`https://${h}#fragment`)), weight: 1 },
  { arbitrary: host.map((h) => bad(`${h}/v4`)), weight: 1 },
  { arbitrary: text().map(bad), weight: 1 },
  { arbitrary: wrongType, weight: 1 },
);

/** A JSON value made of distinctive leaves, for fields the secret does not know. */
const unknownValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text(),
    number(fc.integer({ min: 1000, max: 2 ** 50 })),
    fc.constantFrom(null, true, false),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const FIELDS = ['sdkAppId', 'identifier', 'secretKey', 'endpoint', 'region'] as const;
type Field = (typeof FIELDS)[number];

/** One app entry: each field absent, valid or wrong; `family` decides how regions look. */
const app = (family: 'regions' | 'endpoints') =>
  fc
    .record({
      sdkAppId: fc.option(sdkAppId, { freq: 30, nil: undefined }),
      identifier: fc.option(identifier, { freq: 30, nil: undefined }),
      secretKey: fc.option(secretKey, { freq: 30, nil: undefined }),
      endpoint: fc.option(endpoint, { freq: family === 'regions' ? 2 : 20, nil: undefined }),
      region:
        family === 'regions'
          ? validRegion
          : fc.oneof(
              { arbitrary: fc.constant(undefined), weight: 4 },
              { arbitrary: wrongRegion, weight: 1 },
            ),
      unknown: fc.dictionary(
        fc
          .string({ maxLength: 10 })
          .filter(
            (k) => !(FIELDS as readonly string[]).includes(k) && k !== 'apps' && k !== 'notify',
          ),
        unknownValue,
        { maxKeys: 2 },
      ),
    })
    .map(({ unknown, ...leaves }) => {
      const entry: Record<string, unknown> = { ...unknown };
      const wrong = new Set<Field>();
      for (const field of FIELDS) {
        const leaf = leaves[field];
        if (leaf === undefined) continue;
        entry[field] = leaf.value;
        if (!leaf.ok) wrong.add(field);
      }
      for (const field of ['sdkAppId', 'identifier', 'secretKey'] as const) {
        if (leaves[field] === undefined) wrong.add(field);
      }
      if (leaves.region === undefined && leaves.endpoint === undefined) wrong.add('region');
      const id = leaves.sdkAppId?.ok ? Number(leaves.sdkAppId.value) : undefined;
      return { entry, wrong, id, unknown: Object.keys(unknown) };
    });

export interface SecretCase {
  readonly text: string;
  /** Fields that are wrong, as the error names them (`apps[1].region`); empty when valid. */
  readonly wrongFields: ReadonlySet<string>;
  /** How many apps a valid document holds. */
  readonly apps: number;
}

/** An entry of `apps`: an app object, or (`wrong` undefined) a value that is not an object. */
type AppCase = {
  entry: unknown;
  wrong: Set<Field> | undefined;
  id: number | undefined;
  /** Keys the secret does not know: each is wrong, named by itself or (not quoted) by its app. */
  unknown?: readonly string[];
};

/** What names an unknown key in `path` (`''` for the document): the key, or its container. */
const unknownKeyFields = (path: string, keys: readonly string[] = []) =>
  keys.length === 0 ? [] : [path || '(root)', ...keys.map((k) => (path ? `${path}.${k}` : k))];

function manyApps(apps: readonly AppCase[], duplicate: boolean): SecretCase {
  const entries = apps.map((a) => a.entry);
  const wrongFields = new Set<string>();
  apps.forEach((a, i) => {
    if (a.wrong === undefined) wrongFields.add(`apps[${i}]`);
    for (const field of a.wrong ?? []) wrongFields.add(`apps[${i}].${field}`);
    for (const field of unknownKeyFields(`apps[${i}]`, a.unknown)) wrongFields.add(field);
  });
  const ids = apps.map((a) => a.id);
  // Copy the first valid SDKAppID onto the last app: the same app listed twice.
  const first = ids.findIndex((id) => id !== undefined);
  const last = apps.length - 1;
  if (duplicate && first !== -1 && first < last && ids[last] !== undefined) {
    entries[last] = { ...(entries[last] as object), sdkAppId: ids[first] };
    ids[last] = ids[first];
  }
  ids.forEach((id, i) => {
    if (id !== undefined && ids.indexOf(id) < i) wrongFields.add(`apps[${i}].sdkAppId`);
  });
  return { text: JSON.stringify({ apps: entries }), wrongFields, apps: apps.length };
}

/** A value in `apps` that is not an app object. */
const notAnApp: fc.Arbitrary<AppCase> = fc
  .oneof(
    fc.constantFrom<unknown>(null, [], true),
    text(),
    number(fc.integer({ min: 1000, max: 2 ** 40 })),
  )
  .map((entry) => ({ entry, wrong: undefined, id: undefined }));

const documents = (family: 'regions' | 'endpoints'): fc.Arbitrary<SecretCase> =>
  fc.oneof(
    {
      arbitrary: app(family).map((a) => ({
        text: JSON.stringify(a.entry),
        wrongFields: new Set([...a.wrong, ...unknownKeyFields('', a.unknown)]),
        apps: 1,
      })),
      weight: 4,
    },
    {
      arbitrary: fc
        .tuple(fc.array(app(family), { minLength: 1, maxLength: 4 }), fc.boolean())
        .map(([apps, duplicate]) => manyApps(apps, duplicate)),
      weight: 4,
    },
    {
      arbitrary: fc
        .oneof(
          fc.constantFrom<unknown>([], {}, null),
          text(),
          number(fc.integer({ min: 1000, max: 2 ** 40 })),
        )
        .map((apps) => ({
          text: JSON.stringify({ apps }),
          wrongFields: new Set(['apps']),
          apps: 0,
        })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(fc.array(app(family), { maxLength: 3 }), notAnApp, fc.nat())
        .map(([apps, odd, at]) => {
          const all: AppCase[] = [...apps];
          all.splice(at % (apps.length + 1), 0, odd);
          return manyApps(all, false);
        }),
      weight: 1,
    },
    {
      arbitrary: fc
        .oneof(
          fc.array(
            app(family).map((a) => a.entry),
            { maxLength: 2 },
          ),
          text(),
          number(fc.integer({ min: 1000, max: 2 ** 40 })),
          fc.constantFrom<unknown>(null, true),
        )
        .map((root) => ({ text: JSON.stringify(root), wrongFields: new Set(['(root)']), apps: 0 })),
      weight: 1,
    },
  );

/** Secret documents of both families, valid and wrong in every field. */
export const secretCase: fc.Arbitrary<SecretCase> = fc.oneof(
  documents('regions'),
  documents('endpoints'),
);

/** Every string (3 characters or more) and every number in a JSON document, keys excluded. */
export function valuesIn(doc: unknown): (string | number)[] {
  const found: (string | number)[] = [];
  const pending: unknown[] = [doc];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string' && value.length >= 3) found.push(value);
    else if (typeof value === 'number') found.push(value);
    else if (typeof value === 'object' && value !== null) pending.push(...Object.values(value));
  }
  return found;
}
