/**
 * Renders the CloudWatch dashboard of the synthesized stack as a local HTML page with simulated
 * data, and screenshots it in headless Chromium at 1440×900 and as a full page.
 * Usage: npm run dashboard:preview [-- --apps 30] [--out <folder>] [--docs]
 * Default folder: test-results/dashboard-preview/. `--docs` also writes the full-page screenshot
 * to docs/dashboard-preview.png (2 apps) or docs/dashboard-preview-<n>-apps.png (the ones
 * docs/ops-signals.md shows).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, openFile, screenshot } from '../harness/browser.js';
import { synth } from '../harness/synth.js';
import { previewDashboard } from './preview.js';

/** The screen the first screenshot shows. */
const SCREEN = { width: 1440, height: 900 } as const;

const { values } = parseArgs({
  options: {
    apps: { type: 'string', default: '2' },
    out: { type: 'string', default: 'test-results/dashboard-preview' },
    docs: { type: 'boolean', default: false },
  },
});
const appCount = Number(values.apps);
if (!Number.isInteger(appCount) || appCount < 1 || appCount > 500) {
  throw new Error(`--apps must be a whole number from 1 to 500, not "${values.apps}"`);
}

const { stack, template } = synth();
const preview = previewDashboard(template.toJSON() as never, stack.stackName, appCount);
const out = resolve(values.out);
await mkdir(out, { recursive: true });
const base = join(out, `dashboard-${appCount}-apps`);
await writeFile(`${base}.html`, preview.html);

/** The picture docs/ops-signals.md shows: 2 apps, or `docs/dashboard-preview-<n>-apps.png`. */
const docsPicture =
  appCount === 2 ? 'docs/dashboard-preview.png' : `docs/dashboard-preview-${appCount}-apps.png`;

const browser = await launchChromium();
try {
  const opened = await openFile(browser, `${base}.html`, SCREEN);
  await screenshot(opened.page, `${base}.png`, SCREEN.height);
  await screenshot(opened.page, `${base}-full.png`);
  if (values.docs) await screenshot(opened.page, resolve(docsPicture));
  const problems = [...opened.consoleMessages, ...opened.pageErrors];
  if (problems.length > 0) throw new Error(`the page reported: ${problems.join('; ')}`);
} finally {
  await browser.close();
}

for (const widget of preview.widgets) {
  const series = widget.series.map((s) => s.label);
  console.log(
    `${widget.type.padEnd(6)} ${widget.title ?? '(text)'}${series.length ? ` — ${series.length} series` : ''}`,
  );
}
console.log(
  `Preview: ${base}.html\nScreenshots: ${base}.png, ${base}-full.png${values.docs ? `, ${docsPicture}` : ''}`,
);
