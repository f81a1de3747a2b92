import { fc, it } from '@fast-check/vitest';
import { describe, expect, vi } from 'vitest';
import { GetAppInfoError, ResponseFormatError } from '../../functions/core/errors.js';
import { toNdjson, toRow } from '../../functions/core/opsdata-rows.js';
import { COLUMNS, COUNT_FIELDS, INFO_FIELDS } from '../../functions/core/opsdata-schema.js';
import {
  MAX_RESULT_NESTING,
  parseGetAppInfoBody,
  type ResultDay,
} from '../../functions/getappinfo/response.js';
import {
  bodyCase,
  type ElementModel,
  type Expected,
  FUZZ_NOW,
  requestFields,
} from '../support/fuzz/getappinfo-bodies.js';
import { type NumberToken, parseKeepingNumbers } from '../support/fuzz/number-tokens.js';

// Thousands of generated cases: seconds alone, much longer on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const BODIES = 10_000;

/** The text `extra` must hold for an unknown field: a string as is, anything else as JSON. */
function extraText(json: string): string {
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === 'string' ? parsed : JSON.stringify(parsed);
}

/** How many arrays and objects a JSON text nests, read from its brackets outside strings. */
function nesting(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === '}') depth--;
  }
  return deepest;
}

/** Whether an element, itself one level, nests deeper than getappinfo elements may. */
const tooDeep = (element: ElementModel) =>
  element.fields.some(([, wire]) => 1 + nesting(wire.json) > MAX_RESULT_NESTING);

const COUNT_COLUMNS = ['api_app_id', ...COUNT_FIELDS.map((f) => f.column)];
const KNOWN = new Set<string>([
  ...Object.values(INFO_FIELDS),
  ...COUNT_FIELDS.map((f) => f.apiField),
]);
const byKey = (a: readonly [string, unknown], b: readonly [string, unknown]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/** What the line must say for one element, from the generated model alone. */
function expectedLine(element: ElementModel, ctx: Ctx) {
  const asked = (f: string) => ctx.requestFields === undefined || ctx.requestFields.includes(f);
  const sent = new Map(element.fields);
  const invalid: string[] = [];
  const field = (name: string): string | null => {
    const wire = sent.get(name);
    if (wire === undefined || !asked(name)) return null;
    const expected: Expected = wire.expected;
    if (expected.kind === 'invalid') invalid.push(name);
    return expected.kind === 'value' ? expected.text : null;
  };
  const apiFields = [INFO_FIELDS.appId, ...COUNT_FIELDS.map((f) => f.apiField)];
  const counts = Object.fromEntries(
    COUNT_COLUMNS.map((column, i) => [column, field(apiFields[i] ?? '')]),
  );
  return {
    keys: COLUMNS.map((column) => column.name),
    app_id: String(ctx.sdkAppId),
    app_name: field(INFO_FIELDS.appName),
    company: field(INFO_FIELDS.company),
    stat_date: element.statDate,
    counts,
    invalid_fields: invalid.sort(),
    extra: element.fields
      .filter(([name]) => !KNOWN.has(name))
      .map(([name, wire]) => [name, extraText(wire.json)] as const)
      .sort(byKey),
    extracted_at: ctx.extractedAt.toISOString(),
    run_id: ctx.runId,
    schema_version: expect.stringMatching(/^\d+$/),
  };
}

const isNumberToken = (v: unknown): v is NumberToken =>
  typeof v === 'object' && v !== null && 'number' in v;
/** A number's text as written in the line; anything else as it is (and so unequal to digits). */
const digitsOf = (v: unknown) => (isNumberToken(v) ? v.number : v);

/** What one NDJSON line says, its numbers read as written (JSON.parse would round them). */
function writtenLine(line: string) {
  const plain = JSON.parse(line) as Record<string, unknown>; // throws if not valid JSON
  const row = parseKeepingNumbers(line) as Record<string, unknown>;
  return {
    keys: Object.keys(plain),
    app_id: digitsOf(row.app_id),
    app_name: plain.app_name,
    company: plain.company,
    stat_date: plain.stat_date,
    counts: Object.fromEntries(COUNT_COLUMNS.map((column) => [column, digitsOf(row[column])])),
    invalid_fields: [...(plain.invalid_fields as string[])].sort(),
    // Entries, not an object: a key "__proto__" stays a key.
    extra: Object.entries(plain.extra as Record<string, unknown>).sort(byKey),
    extracted_at: plain.extracted_at,
    run_id: plain.run_id,
    schema_version: digitsOf(row.schema_version),
  };
}

/** Checks the NDJSON against the model: one line per element, each exactly as the model says. */
function checkNdjson(ndjson: string, elements: readonly ElementModel[], ctx: Ctx) {
  expect(ndjson === '' || ndjson.endsWith('\n')).toBe(true);
  const lines = ndjson === '' ? [] : ndjson.slice(0, -1).split('\n');
  expect(lines.map(writtenLine)).toEqual(elements.map((element) => expectedLine(element, ctx)));
}

interface Ctx {
  readonly sdkAppId: number;
  readonly requestFields: readonly string[] | undefined;
  readonly extractedAt: Date;
  readonly runId: string;
}

const context: fc.Arbitrary<Ctx> = fc.record({
  sdkAppId: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
  requestFields,
  extractedAt: fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  runId: fc.string({ unit: 'binary', maxLength: 40 }),
});

describe('getappinfo bodies, fuzzed: parseGetAppInfoBody → toRow → toNdjson', () => {
  it.prop([bodyCase, context], { numRuns: BODIES })(
    'throws only GetAppInfoError or ResponseFormatError, writes valid JSON lines, keeps every digit, nulls and lists every invalid value (10,000 bodies)',
    (c, ctx) => {
      let days: ResultDay[];
      try {
        days = parseGetAppInfoBody(c.body, ctx.sdkAppId, { now: FUZZ_NOW });
      } catch (error) {
        expect(error).toBeInstanceOf(GetAppInfoError);
        const e = error as GetAppInfoError;
        expect(e.sdkAppId).toBe(ctx.sdkAppId);
        if (c.outcome.kind === 'api-error') {
          expect(e).not.toBeInstanceOf(ResponseFormatError);
          expect(e.errorCode).toBe(c.outcome.errorCode);
        } else if (c.outcome.kind === 'days') {
          // The one refusal allowed for a well-formed body: an element nested too deep.
          expect(e).toBeInstanceOf(ResponseFormatError);
          expect(c.outcome.elements.some(tooDeep), e.message).toBe(true);
        } else {
          expect(e).toBeInstanceOf(ResponseFormatError);
        }
        return;
      }
      expect(['days', 'unknown']).toContain(c.outcome.kind);
      if (c.outcome.kind === 'days') expect(c.outcome.elements.some(tooDeep)).toBe(false);
      const rows = days.map((d) => toRow(d, ctx));
      const ndjson = toNdjson(rows);
      if (c.outcome.kind === 'days') {
        checkNdjson(ndjson, c.outcome.elements, ctx);
      } else {
        for (const line of ndjson.split('\n').slice(0, -1))
          expect(() => JSON.parse(line)).not.toThrow();
      }
    },
  );

  it('brings most generated bodies to the row stage: over 60 % parse, over half with rows', () => {
    const cases = fc.sample(bodyCase, { numRuns: 2_000, seed: 10 });
    const parsed = cases.filter((c) => {
      try {
        parseGetAppInfoBody(c.body, 1, { now: FUZZ_NOW });
        return true;
      } catch {
        return false;
      }
    });
    const days = parsed.length;
    const withRows = cases.filter(
      (c) => c.outcome.kind === 'days' && c.outcome.elements.length > 0,
    );
    expect(days / cases.length).toBeGreaterThan(0.6);
    expect(withRows.length / cases.length).toBeGreaterThan(0.5);
  });
});
