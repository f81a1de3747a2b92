/** The local dashboard preview: drawn from the synthesized DashboardBody, with the function's data. */
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_METRIC } from '../../functions/core/metric-names.js';
import { escapeHtml } from '../../functions/report/render/html.js';
import { simulatedDay } from '../../simulator/data.js';
import { DEMO_APPS } from '../../simulator/demo.js';
import {
  type DashboardBody,
  dashboardBodyOf,
  type TemplateJson,
  widgetTitle,
} from '../../tools/dashboard-preview/body.js';
import { PREVIEW_NOW } from '../../tools/dashboard-preview/data.js';
import { markdownToHtml } from '../../tools/dashboard-preview/markdown.js';
import { previewDashboard } from '../../tools/dashboard-preview/preview.js';
import { dynamicLabel, rangeDays } from '../../tools/dashboard-preview/series.js';
import { synth } from '../../tools/harness/synth.js';

let template: TemplateJson;
let stackName: string;
let body: DashboardBody;

beforeAll(() => {
  const s = synth();
  template = s.template.toJSON() as TemplateJson;
  stackName = s.stack.stackName;
  body = dashboardBodyOf(template, stackName);
});

/** The indexes of the widgets that graph a SEARCH over every app. */
const perAppIndexes = () =>
  body.widgets.flatMap((w, i) =>
    w.type === 'metric' &&
    w.properties.metrics.some((m) => typeof m[0] === 'object' && m[0].expression !== undefined)
      ? [i]
      : [],
  );

describe('dashboard preview', () => {
  it('draws every widget of the synthesized dashboard body, in order, with its title', () => {
    const preview = previewDashboard(template, stackName, 2);
    expect(preview.widgets.map((w) => [w.type, w.title])).toEqual(
      body.widgets.map((w) => [w.type, widgetTitle(w)]),
    );
    expect(preview.html.match(/<section class="widget/g)).toHaveLength(body.widgets.length);
    expect(preview.html.match(/<svg/g)).toHaveLength(
      body.widgets.filter((w) => w.type === 'metric').length,
    );
    for (const w of body.widgets) {
      const title = widgetTitle(w);
      if (title !== undefined) expect(preview.html).toContain(`<h2>${escapeHtml(title)}</h2>`);
    }
  });

  it.each([
    [2, 2],
    [30, 10],
  ])(
    'gives each per-app graph one series per simulated app (%i apps: %i lines, the top ten), labelled by SdkAppId, with 14 daily points',
    (apps, lines) => {
      const preview = previewDashboard(template, stackName, apps);
      const ids = Array.from({ length: apps }, (_, i) => String(1400000001 + i));
      const perApp = perAppIndexes().map((i) => preview.widgets[i]);
      expect(perApp).toHaveLength(Object.keys(APP_METRIC).length);
      for (const widget of perApp) {
        const labels = widget?.series.map((s) => s.label) ?? [];
        expect(labels).toHaveLength(lines);
        for (const label of labels) expect(ids).toContain(label);
        for (const s of widget?.series ?? []) {
          expect(s.values.filter((v) => v !== null)).toHaveLength(14);
        }
      }
    },
  );

  it('keeps the ten apps with the largest peak, largest first; for the callback rate the lowest', () => {
    const preview = previewDashboard(template, stackName, 30);
    const perApp = perAppIndexes().map((i) => [body.widgets[i], preview.widgets[i]] as const);
    for (const [widget, drawn] of perApp) {
      const low = JSON.stringify(widget).includes(APP_METRIC.callback_success_rate);
      const scores = (drawn?.series ?? []).map((s) => {
        const values = s.values.filter((v): v is number => v !== null);
        return low ? Math.min(...values) : Math.max(...values);
      });
      expect(scores).toEqual([...scores].sort((a, b) => (low ? a - b : b - a)));
    }
  });

  it("lists every app by name in the log table, from the handler's own log lines", () => {
    const preview = previewDashboard(template, stackName, 30);
    const table = preview.widgets.find((w) => w.type === 'log');
    expect(table?.rows).toBe(30);
    expect(preview.html).toContain('<td class="">Demo Chat</td>');
    expect(preview.html).toContain('<td class="">Sim App 30</td>');
  });

  it("plots what the function sends: Demo Chat's active users on its newest day", () => {
    const preview = previewDashboard(template, stackName, 2);
    const activeUsers = perAppIndexes()
      .map((i) => [body.widgets[i], preview.widgets[i]] as const)
      .find(([w]) => JSON.stringify(w).includes(APP_METRIC.active_users))?.[1];
    const [app] = DEMO_APPS;
    const demoChat = activeUsers?.series.find((s) => s.label === String(app?.sdkAppId));
    const days = rangeDays(body.start, PREVIEW_NOW);
    const newest = days.indexOf(Date.parse('2026-11-27T00:00:00Z'));
    expect(demoChat?.values[newest]).toBe(
      app && Number(simulatedDay(app, '20261127').ActiveUserNum),
    );
    // The run's own day (Beijing) is not reported yet: the line ends the day before.
    expect(demoChat?.values.at(-1)).toBeNull();
  });

  it('shows the alarms by the names the stack gives them, each with a state, and the dashboard by its own', () => {
    const { html } = previewDashboard(template, stackName, 2);
    for (const name of ['DayIncomplete', 'DeadLetters', 'Silence', 'Anomalies']) {
      expect(html).toContain(
        `<span class="chip ok">OK</span><span class="alarm-name">ChatOpsdata-${name}</span>`,
      );
    }
    expect(html).toContain('<h1>ChatOpsdata-ap-southeast-1</h1>');
  });

  it('says on the page, in words, that it is a local preview with simulated data', () => {
    const { html } = previewDashboard(template, stackName, 2);
    expect(html).toContain('Local preview with simulated data — not the CloudWatch console.');
    expect(html).not.toMatch(/<script|<link|src=/i);
  });
});

describe('text widget Markdown', () => {
  it.each([
    ['## Title\nText', '<h2>Title</h2>\n<p>Text</p>'],
    ['one\ntwo\n\nthree', '<p>one two</p>\n<p>three</p>'],
    ['**bold** and *italic* · 2 * 3', '<p><strong>bold</strong> and <em>italic</em> · 2 * 3</p>'],
    [
      '- **a** b\n- `c<d>`\nmore',
      '<ul><li><strong>a</strong> b</li><li><code>c&lt;d&gt;</code> more</li></ul>',
    ],
    [
      'see [docs](https://example.com/a?b=1)',
      '<p>see <a href="https://example.com/a?b=1">docs</a></p>',
    ],
    [
      '<b>x</b> & [js](javascript:alert(1))',
      '<p>&lt;b&gt;x&lt;/b&gt; &amp; [js](javascript:alert(1))</p>',
    ],
  ])('renders %j', (markdown, expected) => {
    expect(markdownToHtml(markdown)).toBe(expected);
  });
});

describe('dynamic labels', () => {
  it('fills in dimensions, the metric name and the default label, and leaves unknown ones as written', () => {
    const metric = {
      namespace: 'ChatOpsdata/Apps',
      metricName: 'ActiveUsers',
      dimensions: { SdkAppId: '1400000001' },
      stat: 'Maximum',
    };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudWatch's dynamic label syntax.
    const label = "${PROP('Dim.SdkAppId')} ${PROP('MetricName')} ${LABEL} ${LAST}";
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudWatch's dynamic label syntax.
    expect(dynamicLabel(label, metric, 'x')).toBe('1400000001 ActiveUsers x ${LAST}');
  });
});
