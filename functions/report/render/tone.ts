/**
 * Whether a key figure's move is bad news: a colour says trouble, never mere direction (more
 * messages is good on most days, and spam on one). Pure.
 */
import type { RuleId, RuleSettings } from '../../digest/anomaly-rules.js';
import type { Digest, DigestMetric, DigestMetricId } from '../../digest/digest.js';

/**
 * `bad`: a rule fired on this figure (an anomaly). `watch`: the figure moved as far as a rule
 * looks for, but the rule did not fire (its baseline is under the minimum, or it is switched off).
 * `neutral`: anything else, up or down.
 */
export type Tone = 'bad' | 'watch' | 'neutral';

/** The figure each rule looks at; `data_late` is about the day, not a figure. */
export const RULE_FIGURE: Readonly<Record<RuleId, DigestMetricId | undefined>> = {
  dau_drop: 'active_users',
  messages_drop: 'messages_up',
  messages_spike: 'messages_up',
  callback_failures: 'callback_success_rate',
  data_late: undefined,
};

/** The tone of `metric` on the digest's day, under `rules`. */
export function metricTone(metric: DigestMetric, digest: Digest, rules: RuleSettings): Tone {
  if (digest.anomalies.some((a) => RULE_FIGURE[a.rule] === metric.id)) return 'bad';
  const { value, weekAgo } = metric;
  if (value === null) return 'neutral';
  const ratio = weekAgo !== null && weekAgo > 0 ? value / weekAgo : null;
  switch (metric.id) {
    case 'active_users':
      return ratio !== null && ratio <= rules.dau_drop.threshold ? 'watch' : 'neutral';
    case 'messages_up':
      return ratio !== null &&
        (ratio <= rules.messages_drop.threshold || ratio >= rules.messages_spike.threshold)
        ? 'watch'
        : 'neutral';
    case 'callback_success_rate':
      return value < rules.callback_failures.threshold * 100 ? 'watch' : 'neutral';
    default:
      return 'neutral';
  }
}
