/**
 * The cost table is held to the template: every resource of every variant is priced or known to
 * be free, a new billable resource changes the total, and one app with the defaults stays at or
 * under $1.00 a month in every year. (Its staleness in docs/deploy.md: generated-block.test.ts.)
 */
import { readFile } from 'node:fs/promises';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS } from '../../../functions/settings/settings.js';
import {
  type CostLine,
  monthlyTotal,
  priceTemplate,
  type TemplateJson,
  type Usage,
} from '../../../tools/docs/cost-model.js';
import { dollars, unitDollars } from '../../../tools/docs/cost-table.js';
import { synth } from '../../../tools/harness/synth.js';

const YEARS = [1, 2, 3] as const;
const json = (template: Template) => template.toJSON() as TemplateJson;
const total = (lines: readonly CostLine[], apps: number, year: Usage['year']) =>
  monthlyTotal(lines, { apps, year });

let base: CostLine[];
beforeAll(() => {
  base = priceTemplate(json(synth().template));
});

describe('the default stack', () => {
  it.each(YEARS)('costs at most $1.00 a month for one app in year %i', (year) => {
    expect(total(base, 1, year)).toBeLessThanOrEqual(1);
    // And it is not a table of zeros: the secret and the alarms alone are $0.80.
    expect(total(base, 1, year)).toBeGreaterThan(0.8);
  });

  it('has no KMS key line, and sets the dashboard aside from the total with the reason', () => {
    expect(base.map((l) => l.item).join()).not.toContain('KMS');
    const dashboard = base.filter((l) => l.asideFromTotal !== undefined);
    expect(dashboard.map((l) => l.item)).toEqual(['CloudWatch dashboard']);
    expect(dashboard[0]?.monthly({ apps: 1, year: 1 })).toBe(3);
  });

  it('grows with the apps through the per-app metrics: 7 metrics at $0.0125 per app', () => {
    const metrics = base.find((l) => l.item.startsWith('CloudWatch custom metrics'));
    const perApp =
      ((metrics?.monthly({ apps: 50, year: 1 }) ?? 0) -
        (metrics?.monthly({ apps: 1, year: 1 }) ?? 0)) /
      49;
    expect(perApp).toBeCloseTo((7 * 0.3 * (365.25 / 12)) / 730, 10);
  });
});

describe('what the template holds decides the table', () => {
  it('prices every resource of every variant of the stack', () => {
    for (const context of [
      { 'chat-opsdata:topicKey': 'create', 'chat-opsdata:digestEmail': 'a@example.com' },
      { 'chat-opsdata:fixedEgressIp': true },
      { 'chat-opsdata:fixedEgressIp': 'gateway' },
      { 'chat-opsdata:slack': { workspaceId: 'T0123ABCD', channelId: 'C0123456789' } },
      { 'chat-opsdata:appMetrics': 'none', 'chat-opsdata:dashboard': false },
      { 'chat-opsdata:secret': 'chat/opsdata', 'chat-opsdata:alarmEmail': 'oncall@example.com' },
    ]) {
      expect(
        () => priceTemplate(json(synth(context).template)),
        JSON.stringify(context),
      ).not.toThrow();
    }
  });

  it('counts a fifth alarm the template gains', () => {
    const template = json(synth().template);
    const [id, alarm] =
      Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::CloudWatch::Alarm') ?? [];
    expect(id).toBeDefined();
    const lines = priceTemplate({
      Resources: { ...template.Resources, [`${id}Copy`]: alarm as never },
    });
    expect(total(lines, 1, 1) - total(base, 1, 1)).toBeCloseTo(0.1, 10);
  });

  it('fails on a resource type it cannot price, naming it', () => {
    const template = json(synth().template);
    const grown = {
      Resources: { ...template.Resources, Expensive: { Type: 'AWS::EC2::TransitGateway' } },
    };
    expect(() => priceTemplate(grown)).toThrow(
      /the cost table does not know AWS::EC2::TransitGateway \(Expensive\): price it in tools\/docs\/cost-model\.ts/,
    );
  });

  it("bills a created key $1 a month, +$1 after each of its first two rotations, and an existing key's owner", () => {
    const created = priceTemplate(json(synth({ 'chat-opsdata:topicKey': 'create' }).template));
    expect(YEARS.map((year) => total(created, 1, year) - total(base, 1, year))).toEqual(
      YEARS.map((year) => expect.closeTo(year, 3)),
    );
    const existing = priceTemplate(
      json(
        synth({
          'chat-opsdata:topicKey':
            'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        }).template,
      ),
    );
    expect(total(existing, 1, 1)).toBeCloseTo(total(base, 1, 1), 10);
  });

  it('states the egress costs the docs and the setting give', async () => {
    const deploy = await readFile(new URL('../../../docs/deploy.md', import.meta.url), 'utf8');
    for (const [value, word] of [
      [true, 'instance'],
      ['gateway', 'gateway'],
    ] as const) {
      const lines = priceTemplate(json(synth({ 'chat-opsdata:fixedEgressIp': value }).template));
      const added = `≈ $${(total(lines, 1, 1) - total(base, 1, 1)).toFixed(2)}`;
      expect(SETTINGS.fixedEgressIp.doc, word).toContain(`${added} (${word})`);
      expect(deploy, word).toContain(`${added} a month`);
    }
  });
});

describe('money as the table writes it', () => {
  it.each([
    [0, '$0'],
    [0.4, '$0.40'],
    [5.2949, '$5.29'],
    [0.0003, '$0.0003'],
    [0.00004, '< $0.0001'],
    [-3, '−$3.00'],
  ])('writes %d as %s', (usd, text) => {
    expect(dollars(usd)).toBe(text);
  });

  it('writes unit prices with every digit AWS gives, and at least cents', () => {
    expect([0.4, 0.023, 0.0000133334, 5].map(unitDollars)).toEqual([
      '$0.40',
      '$0.023',
      '$0.0000133334',
      '$5.00',
    ]);
  });
});
