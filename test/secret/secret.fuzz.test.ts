import { fc, it } from '@fast-check/vitest';
import { describe, expect, vi } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import { REGIONS } from '../../functions/getappinfo/regions.js';
import { parseSecret } from '../../functions/secret/secret.js';
import { distinctive, secretCase, valuesIn } from '../support/fuzz/secret-documents.js';

// Thousands of generated cases: seconds alone, much longer on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const DOCUMENTS = 10_000;
const BROKEN_TEXTS = 2_000;

/** The ConfigError parseSecret throws for `text`, or undefined when it accepts it. */
function rejection(text: string): ConfigError | undefined {
  try {
    parseSecret(text);
    return undefined;
  } catch (error) {
    // Anything but a ConfigError fails here, with the error itself in the report.
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
}

/** Fails if the message holds any of the values, as written or as JSON would escape them. */
function expectNoValue(message: string, values: readonly (string | number)[]) {
  for (const value of values) {
    const forms =
      typeof value === 'string' ? [value, JSON.stringify(value).slice(1, -1)] : [String(value)];
    for (const form of forms) {
      if (message.includes(form))
        expect.fail(`the message quotes ${JSON.stringify(value)}: ${message}`);
    }
  }
}

describe('secret documents, fuzzed: parseSecret', () => {
  it('generates no value a message could quote by coincidence, region names only where every app has one', () => {
    const regions = new Set<unknown>(REGIONS);
    for (const c of fc.sample(secretCase, { numRuns: 1_000, seed: 7 })) {
      const doc: unknown = JSON.parse(c.text);
      const values = valuesIn(doc);
      for (const value of values) {
        if (!regions.has(value)) expect(distinctive(value), String(value)).toBe(true);
      }
      if (values.some((value) => regions.has(value))) {
        // No app can then be rejected for its region, so no message lists the region names.
        const apps = typeof doc === 'object' && doc !== null && 'apps' in doc ? doc.apps : [doc];
        for (const app of Array.isArray(apps) ? apps : []) {
          if (typeof app === 'object' && app !== null && !Array.isArray(app)) {
            expect(regions.has((app as { region?: unknown }).region), c.text).toBe(true);
          }
        }
      }
    }
  });

  it.prop([secretCase], { numRuns: DOCUMENTS })(
    'accepts exactly the valid documents; every rejection is a ConfigError naming a wrong field and quoting no value (10,000 documents)',
    (c) => {
      const error = rejection(c.text);
      if (error === undefined) {
        expect([...c.wrongFields], 'accepted a document with wrong fields').toEqual([]);
        expect(parseSecret(c.text)).toHaveLength(c.apps);
        return;
      }
      expect(error.field, error.message).toBeDefined();
      expect(error.message).toContain(`"${error.field}"`);
      expect([...c.wrongFields], `named ${error.field}: ${error.message}`).toContain(error.field);
      expectNoValue(error.message, valuesIn(JSON.parse(c.text)));
    },
  );

  it.prop(
    [
      secretCase.chain((c) =>
        fc.nat({ max: c.text.length - 1 }).map((end) => ({ c, text: c.text.slice(0, end) })),
      ),
    ],
    { numRuns: BROKEN_TEXTS },
  )(
    'rejects a secret cut short with a ConfigError that quotes none of its values (2,000 texts)',
    ({ c, text }) => {
      const error = rejection(text);
      if (error === undefined) return; // a cut that is still a valid document (e.g. "123" of "1234")
      expectNoValue(error.message, valuesIn(JSON.parse(c.text)));
    },
  );
});
