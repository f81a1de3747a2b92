import { describe, expect, it } from 'vitest';
import { type Anomaly, DEFAULT_RULES } from '../../../functions/digest/anomaly-rules.js';
import type { Digest, DigestMetric } from '../../../functions/digest/digest.js';
import { metricTone } from '../../../functions/report/render/tone.js';

const metric = (
  id: DigestMetric['id'],
  value: number | null,
  weekAgo: number | null,
  unit: DigestMetric['unit'] = 'count',
): DigestMetric => ({
  id,
  label: id,
  unit,
  value,
  dayBefore: null,
  weekAgo,
  median7: null,
  changePct: null,
  changePoints: null,
});

const digest = (...anomalies: Anomaly['rule'][]): Digest => ({
  day: '2026-11-30',
  metrics: [],
  anomalies: anomalies.map((rule) => ({ rule, day: '2026-11-30', message: rule })),
  recent: [],
});

describe('metricTone: colour is bad news, not direction', () => {
  it.each([
    [
      'messages up ×4.7 with messages_spike',
      metric('messages_up', 148_820, 31_697),
      ['messages_spike'],
      'bad',
    ],
    ['active users −40 % with dau_drop', metric('active_users', 60, 100), ['dau_drop'], 'bad'],
    [
      'a callback rate under 99 % with callback_failures',
      metric('callback_success_rate', 97, 99.9, 'percent'),
      ['callback_failures'],
      'bad',
    ],
    ['active users −12.8 %, no rule fired', metric('active_users', 3_117, 3_573), [], 'neutral'],
    ['messages up +15.8 %, no rule fired', metric('messages_up', 28_090, 24_261), [], 'neutral'],
    ['peak online −17 %, which no rule watches', metric('peak_online', 189, 228), [], 'neutral'],
    [
      'messages down +578 % beside a spike of messages up',
      metric('messages_down', 766_801, 113_031),
      ['messages_spike'],
      'neutral',
    ],
    [
      'active users −50 % of a baseline under 20 (dau_drop does not fire)',
      metric('active_users', 5, 10),
      [],
      'watch',
    ],
    ['messages up ×3 of a baseline under 100', metric('messages_up', 300, 90), [], 'watch'],
    [
      'a callback rate of 98 % on a day under 100 requests',
      metric('callback_success_rate', 98, 99.9, 'percent'),
      [],
      'watch',
    ],
    ['no value', metric('active_users', null, 100), [], 'neutral'],
    [
      'data_late: about the day, not a figure',
      metric('active_users', 3_117, 3_573),
      ['data_late'],
      'neutral',
    ],
  ] as const)('%s → %s', (_name, m, rules, tone) => {
    expect(metricTone(m, digest(...rules), DEFAULT_RULES)).toBe(tone);
  });

  it('follows the rules as configured', () => {
    const strict = { ...DEFAULT_RULES, dau_drop: { ...DEFAULT_RULES.dau_drop, threshold: 0.9 } };
    expect(metricTone(metric('active_users', 3_117, 3_573), digest(), strict)).toBe('watch');
  });
});
