/**
 * Generators of getappinfo bodies for the fuzz tests. Each generated body carries what the
 * contract (DESIGN.md) says must come of it, worked out here from what was generated, never by
 * asking the code under test: a count written as canonical digits must come back as exactly those
 * digits, a value that is not a non-negative integer must come back null and listed as invalid.
 */
import fc from 'fast-check';
import {
  COUNT_FIELDS,
  INFO_FIELDS,
  REQUESTABLE_FIELDS,
} from '../../../functions/core/opsdata-schema.js';

/** What one field must become in the row. */
export type Expected =
  /** Exactly this text: decimal digits for a count, the string itself for a name. */
  | { readonly kind: 'value'; readonly text: string }
  /** `null`, and the field listed in `invalid_fields`. */
  | { readonly kind: 'invalid' }
  /** `null`, not listed (the API sent `null`). */
  | { readonly kind: 'null' };

/** A field's value as JSON text on the wire, and what it must become. */
export interface WireValue {
  readonly json: string;
  readonly expected: Expected;
}

/** One `Result` element as generated: its day and its fields in wire order. */
export interface ElementModel {
  readonly statDate: string;
  readonly fields: readonly (readonly [string, WireValue])[];
}

/** What parsing the body must do. `unknown`: bytes whose shape the generator does not track. */
export type BodyOutcome =
  | { readonly kind: 'days'; readonly elements: readonly ElementModel[] }
  | { readonly kind: 'api-error'; readonly errorCode: number }
  | { readonly kind: 'format-error' }
  | { readonly kind: 'unknown' };

export interface BodyCase {
  readonly body: string;
  readonly outcome: BodyOutcome;
}

const BIGINT_MAX = 2n ** 63n - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const value = (text: string): Expected => ({ kind: 'value', text });
const INVALID: Expected = { kind: 'invalid' };
const wire = (json: string, expected: Expected): WireValue => ({ json, expected });
/** A JSON string literal with every UTF-16 unit escaped as \uXXXX (same value, other bytes). */
const escapedString = (text: string) =>
  `"${[...Array(text.length).keys()].map((i) => `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;
const stringLiteral = (text: string, escaped: boolean) =>
  escaped ? escapedString(text) : JSON.stringify(text);

/** Counts that fit Athena's bigint, with the edges (0, 2^53 ± 1, 2^63 − 1) likely. */
const fittingCount = fc.oneof(
  { arbitrary: fc.bigInt(0n, 1_000_000n), weight: 3 },
  { arbitrary: fc.bigInt(0n, BIGINT_MAX), weight: 2 },
  {
    arbitrary: fc.constantFrom(0n, MAX_SAFE, MAX_SAFE + 1n, MAX_SAFE + 2n, BIGINT_MAX),
    weight: 1,
  },
);
const tooBig = fc.oneof(
  fc.constantFrom(BIGINT_MAX + 1n, 2n ** 64n, 10n ** 20n, 10n ** 30n),
  fc.bigInt(BIGINT_MAX + 1n, 10n ** 40n),
);
const FULLWIDTH = '０１２３４５６７８９';
const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
const deep = (depth: number, leaf: string) => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;

/** A count field's value on the wire: numbers as strings (as the API sends) and as numbers. */
export const countValue: fc.Arbitrary<WireValue> = fc.oneof(
  // The documented form: decimal digits in a string. Expected: the very same digits.
  {
    arbitrary: fc
      .tuple(fittingCount, fc.boolean())
      .map(([n, escaped]) => wire(stringLiteral(String(n), escaped), value(String(n)))),
    weight: 12,
  },
  // Leading zeros: the same number.
  {
    arbitrary: fc
      .tuple(fittingCount, fc.integer({ min: 1, max: 24 }))
      .map(([n, zeros]) => wire(`"${'0'.repeat(zeros)}${n}"`, value(String(n)))),
    weight: 1,
  },
  // A JSON number a double holds exactly, in any notation JSON.parse reads exactly.
  {
    arbitrary: fc.bigInt(0n, MAX_SAFE).map((n) => wire(String(n), value(String(n)))),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 9 }))
      .map(([m, e]) => wire(`${m}e${e}`, value(String(BigInt(m) * 10n ** BigInt(e))))),
    weight: 1,
  },
  {
    arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map((n) => wire(`${n}.0`, value(String(n)))),
    weight: 1,
  },
  { arbitrary: fc.constant(wire('-0', value('0'))), weight: 1 },
  // Past signed 64-bit, as a string: not a bigint Athena can hold.
  {
    arbitrary: tooBig.map((n) => wire(`"${n}"`, INVALID)),
    weight: 2,
  },
  // A JSON number past 2^53: JSON.parse has already rounded it, so its digits are lost.
  {
    arbitrary: fc.bigInt(MAX_SAFE + 1n, 10n ** 30n).map((n) => wire(String(n), INVALID)),
    weight: 1,
  },
  // Negative, fractional, signed, spaced, grouped, other scripts' digits, words.
  {
    arbitrary: fc
      .tuple(fc.bigInt(1n, 10n ** 20n), fc.boolean())
      .map(([n, asNumber]) => (asNumber ? wire(`-${n}`, INVALID) : wire(`"-${n}"`, INVALID))),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(
        fittingCount,
        fc.constantFrom(
          (s: string) => ` ${s}`,
          (s: string) => `${s} `,
          (s: string) => `\t${s}\n`,
          (s: string) => `+${s}`,
          (s: string) => `${s}.0`,
          (s: string) => `${s}.5`,
          (s: string) => `${s}e0`,
          (s: string) => `0x${s}`,
          (s: string) => `${s},000`,
          (s: string) => `1_${s}`,
          (s: string) => `${s}n`,
          (s: string) => [...s].map((d) => FULLWIDTH[Number(d)]).join(''),
          (s: string) => [...s].map((d) => ARABIC_INDIC[Number(d)]).join(''),
        ),
      )
      .map(([n, decorate]) => wire(JSON.stringify(decorate(String(n))), INVALID)),
    weight: 3,
  },
  {
    arbitrary: fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((d) => !Number.isInteger(d))
      .map((d) => wire(JSON.stringify(d), INVALID)),
    weight: 1,
  },
  {
    arbitrary: fc
      .constantFrom('""', '"NaN"', '"Infinity"', '"null"', '"n/a"', '"-"', '"1e3"', '" "', '"٣"')
      .map((json) => wire(json, INVALID)),
    weight: 1,
  },
  {
    arbitrary: fc.constantFrom('true', 'false', '{}', '[]').map((j) => wire(j, INVALID)),
    weight: 1,
  },
  { arbitrary: fc.constant(wire('null', { kind: 'null' })), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 5 }), fittingCount)
      .map(([depth, n]) => wire(deep(depth, `"${n}"`), INVALID)),
    weight: 1,
  },
  {
    arbitrary: fittingCount.map((n) => wire(`{"value":"${n}"}`, INVALID)),
    weight: 1,
  },
);

/** Any Unicode text: whole graphemes, or raw UTF-16 units (lone surrogates included). */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    'Demo Chat',
    '示例应用',
    'Ünïcödé 🚀',
    '\u2028\u2029',
    '"\\</script>',
    '\uFEFFBOM',
  ),
);

/** A text field's value (`AppName`, `Company`). */
export const textValue: fc.Arbitrary<WireValue> = fc.oneof(
  {
    arbitrary: fc
      .tuple(anyText, fc.boolean())
      .map(([text, escaped]) => wire(stringLiteral(text, escaped), value(text))),
    weight: 8,
  },
  { arbitrary: fc.constant(wire('null', { kind: 'null' })), weight: 1 },
  {
    arbitrary: fc.constantFrom('1400000000', 'true', '{}', '["Demo"]').map((j) => wire(j, INVALID)),
    weight: 1,
  },
);

/** A value of a field the schema does not know: anything JSON, deep nesting included. */
const extraValue: fc.Arbitrary<WireValue> = fc.oneof(
  { arbitrary: countValue, weight: 3 },
  { arbitrary: textValue, weight: 3 },
  {
    arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => wire(JSON.stringify(v), INVALID)),
    weight: 2,
  },
);

const KNOWN = new Set<string>(REQUESTABLE_FIELDS);
/** Names the schema does not know, some of them hazards for a plain object. */
const extraKey = fc
  .oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'NewApiField',
      'activeUserNum',
      'ACTIVEUSERNUM',
      'active_user_num',
      'extra',
      'invalid_fields',
      '',
      '"',
      'Date ',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  )
  .filter((key) => !KNOWN.has(key));

const FIELD_VALUES: readonly (readonly [string, fc.Arbitrary<WireValue>])[] = [
  [INFO_FIELDS.appName, textValue],
  [INFO_FIELDS.company, textValue],
  [INFO_FIELDS.appId, countValue],
  ...COUNT_FIELDS.map((f) => [f.apiField, countValue] as const),
];

/**
 * When the generated answers are taken: 10:30 in Beijing on 2025-03-02. The days an answer may
 * hold are then the 32 from 2025-01-30 to 2025-03-02 (functions/getappinfo/day-window.ts).
 */
export const FUZZ_NOW = new Date('2025-03-02T02:30:00Z');

const asDay = (d: Date) => {
  const iso = d.toISOString().slice(0, 10);
  return { wire: iso.replaceAll('-', ''), iso };
};

/** A day inside the answer's window, as YYYYMMDD and as YYYY-MM-DD. */
const day = fc
  .date({
    min: new Date('2025-01-30T00:00:00Z'),
    max: new Date('2025-03-02T23:59:59Z'),
    noInvalidDate: true,
  })
  .map(asDay);

/** A real calendar day between 1970 and 2099 outside the window: an answer must be refused. */
const dayOutsideWindow = fc
  .oneof(
    fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2025-01-29T23:59:59Z') }),
    fc.date({ min: new Date('2025-03-03T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z') }),
  )
  .filter((d) => !Number.isNaN(d.getTime()))
  .map(asDay);

/** Dates that are not a real YYYYMMDD day, as JSON text. */
const badDate = fc.constantFrom(
  '"20250230"',
  '"20251301"',
  '"20250001"',
  '"2025-03-01"',
  '"2025031"',
  '"202503011"',
  '" 20250301"',
  '"２０２５０３０１"',
  '20250301',
  'null',
  '""',
  '["20250301"]',
);

/**
 * Now and then one field nested deep: around the limit an element may nest (32 levels), or
 * thousands of levels, where JSON.stringify overflows the stack. Rare, as each refuses the body.
 */
const deepField: fc.Arbitrary<readonly [string, WireValue][]> = fc.oneof(
  { arbitrary: fc.constant<readonly [string, WireValue][]>([]), weight: 30 },
  {
    arbitrary: fc
      .tuple(
        fc.oneof(fc.constantFrom(...FIELD_VALUES.map(([name]) => name)), extraKey),
        fc.oneof(fc.integer({ min: 25, max: 40 }), fc.integer({ min: 1_000, max: 10_000 })),
        fc.constantFrom('"1"', '1', '{}', '"Demo"'),
      )
      .map(([name, depth, leaf]): [string, WireValue][] => [
        [name, wire(deep(depth, leaf), INVALID)],
      ]),
    weight: 1,
  },
);

/** One element: a valid Date, some of the documented fields, some unknown ones, shuffled. */
const element: fc.Arbitrary<ElementModel> = fc
  .tuple(
    day,
    fc.record(Object.fromEntries(FIELD_VALUES), { requiredKeys: [] }),
    fc.uniqueArray(fc.tuple(extraKey, extraValue), {
      maxLength: 3,
      selector: ([key]) => key,
    }),
    deepField,
    fc.boolean(),
  )
  .chain(([date, known, extras, deepOne, escapeDate]) => {
    const replaced = new Set(deepOne.map(([name]) => name));
    const fields: (readonly [string, WireValue])[] = [
      [INFO_FIELDS.date, wire(stringLiteral(date.wire, escapeDate), value(date.wire))],
      ...[
        ...Object.entries(known).filter((e): e is [string, WireValue] => e[1] !== undefined),
        ...extras,
      ].filter(([name]) => !replaced.has(name)),
      ...deepOne,
    ];
    return fc.shuffledSubarray(fields, { minLength: fields.length }).map((shuffled) => ({
      statDate: date.iso,
      fields: shuffled,
    }));
  });

/** JSON whitespace to put between tokens. */
const space = fc.constantFrom('', ' ', '\n', '\r\n\t  ');

const object = (entries: readonly (readonly [string, string])[], ws: string) =>
  `{${ws}${entries.map(([k, v]) => `${JSON.stringify(k)}${ws}:${ws}${v}`).join(`,${ws}`)}${ws}}`;

const elementJson = (e: ElementModel, ws: string) =>
  object(
    e.fields.map(([k, v]) => [k, v.json]),
    ws,
  );

/** Top-level members besides ErrorCode and Result, as a real answer or a proxy might add. */
const topExtras = fc.subarray([
  ['ErrorInfo', '"OK"'],
  ['ActionStatus', '"OK"'],
  ['ErrorInfo', '""'],
  ['RequestId', '"3f1e-77"'],
  ['ErrorDisplay', '{"en":"ok"}'],
] as [string, string][]);

/** The numeric ErrorCode of a success, in the notations JSON allows. */
const zero = fc.constantFrom('0', '0', '0', '-0', '0.0', '0e5');

/** A body that parses to days: the common case, so that most runs reach the rows. */
const daysBody: fc.Arbitrary<BodyCase> = fc
  .tuple(
    zero,
    fc.uniqueArray(element, { maxLength: 3, selector: (e) => e.statDate }),
    topExtras,
    space,
    fc.boolean(),
  )
  .map(([code, elements, extras, ws, resultFirst]) => {
    const result = `[${ws}${elements.map((e) => elementJson(e, ws)).join(`,${ws}`)}${ws}]`;
    const members: [string, string][] = resultFirst
      ? [['Result', result], ['ErrorCode', code], ...extras]
      : [['ErrorCode', code], ...extras, ['Result', result]];
    return { body: object(members, ws), outcome: { kind: 'days', elements } };
  });

const FORMAT_ERROR: BodyOutcome = { kind: 'format-error' };
const UNKNOWN: BodyOutcome = { kind: 'unknown' };

/** A body that is JSON but not getappinfo's shape. */
const shapeFault: fc.Arbitrary<BodyCase> = fc.oneof(
  fc.constantFrom('{}', '[]', '"OK"', '0', 'null', '{"ErrorCode":"0","Result":[]}').map((body) => ({
    body,
    outcome: FORMAT_ERROR,
  })),
  fc
    .constantFrom('null', '"0"', 'false', '[0]', '{}')
    .map((code) => ({ body: `{"ErrorCode":${code},"Result":[]}`, outcome: FORMAT_ERROR })),
  fc
    .constantFrom('{}', '"[]"', 'null', '0', '{"0":{"Date":"20250301"}}')
    .map((result) => ({ body: `{"ErrorCode":0,"Result":${result}}`, outcome: FORMAT_ERROR })),
  fc
    .tuple(fc.array(element, { maxLength: 3 }), fc.constantFrom('null', '"x"', '[]', '1', 'true'))
    .map(([elements, bad]) => ({
      body: `{"ErrorCode":0,"Result":[${[...elements.map((e) => elementJson(e, '')), bad].join(',')}]}`,
      outcome: FORMAT_ERROR,
    })),
  fc.tuple(element, badDate).map(([e, date]) => ({
    body: `{"ErrorCode":0,"Result":[${elementJson(
      {
        ...e,
        fields: e.fields.map(([k, v]) => (k === 'Date' ? [k, wire(date, INVALID)] : [k, v])),
      },
      '',
    )}]}`,
    outcome: FORMAT_ERROR,
  })),
  element.map((e) => ({
    body: `{"ErrorCode":0,"Result":[${elementJson({ ...e, fields: e.fields.filter(([k]) => k !== 'Date') }, '')}]}`,
    outcome: FORMAT_ERROR,
  })),
  // A real day outside the window, among good ones.
  fc
    .tuple(fc.array(element, { maxLength: 2 }), element, dayOutsideWindow)
    .map(([others, e, date]) => ({
      body: `{"ErrorCode":0,"Result":[${[
        ...others,
        {
          ...e,
          fields: e.fields.map(([k, v]) =>
            k === 'Date' ? [k, wire(JSON.stringify(date.wire), INVALID)] : [k, v],
          ),
        },
      ]
        .map((x) => elementJson(x as ElementModel, ''))
        .join(',')}]}`,
      outcome: FORMAT_ERROR,
    })),
  // The same day twice.
  element.map((e) => ({
    body: `{"ErrorCode":0,"Result":[${elementJson(e, '')},${elementJson(e, '')}]}`,
    outcome: FORMAT_ERROR,
  })),
);

/** A documented failure: a non-zero ErrorCode with or without ErrorInfo and ActionStatus. */
const apiError: fc.Arbitrary<BodyCase> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(60006, 70001, 70009, 70020, 70169, 130009, 60020, -1, 1),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }).filter((n) => n !== 0),
    ),
    fc.option(anyText, { nil: undefined }),
    fc.boolean(),
  )
  .map(([errorCode, info, withStatus]) => ({
    body: JSON.stringify({
      ...(withStatus ? { ActionStatus: 'FAIL' } : {}),
      ErrorCode: errorCode,
      ...(info === undefined ? {} : { ErrorInfo: info }),
    }),
    outcome: { kind: 'api-error', errorCode },
  }));

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

/** Bytes that are not JSON, or JSON the generator does not model. */
const broken: fc.Arbitrary<BodyCase> = fc.oneof(
  // A body cut short (a dropped connection): before its last '}', it is never JSON.
  daysBody.chain(({ body }) =>
    fc.nat({ max: body.lastIndexOf('}') - 1 }).map((end) => ({
      body: body.slice(0, end),
      outcome: FORMAT_ERROR,
    })),
  ),
  // A UTF-8 byte order mark in front: JSON.parse refuses it (the client's TextDecoder strips one).
  daysBody.map(({ body }) => ({ body: `\uFEFF${body}`, outcome: FORMAT_ERROR })),
  fc.constantFrom(NGINX_502, '', ' ', 'OK', '{"ErrorCode":0,', 'usersig=abc&x').map((body) => ({
    body,
    outcome: FORMAT_ERROR,
  })),
  // Result nested in itself: its first element is an array, not an object ('[[]]' and deeper).
  fc.integer({ min: 2, max: 10_000 }).map((depth) => ({
    body: `{"ErrorCode":0,"Result":${deep(depth, '')}}`,
    outcome: FORMAT_ERROR,
  })),
  fc
    .integer({ min: 1, max: 50_000 })
    .map((depth) => ({ body: deep(depth, ''), outcome: FORMAT_ERROR })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((body) => ({ body, outcome: UNKNOWN })),
  fc.json({ maxDepth: 4 }).map((body) => ({ body, outcome: UNKNOWN })),
);

/** getappinfo bodies: mostly well-formed (so most runs reach the rows), then every kind of wrong. */
export const bodyCase: fc.Arbitrary<BodyCase> = fc.oneof(
  { arbitrary: daysBody, weight: 14 },
  { arbitrary: shapeFault, weight: 2 },
  { arbitrary: apiError, weight: 1 },
  { arbitrary: broken, weight: 3 },
);

/** The request fields of a run: all (undefined) or a subset, `Date` always included. */
export const requestFields: fc.Arbitrary<readonly string[] | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  {
    arbitrary: fc
      .subarray(REQUESTABLE_FIELDS.filter((f) => f !== INFO_FIELDS.date))
      .map((fields) => [...fields, INFO_FIELDS.date]),
    weight: 1,
  },
);
