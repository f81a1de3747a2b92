/**
 * `npm run report:screenshot [-- --apps 30] [--out <png>] [--full]`: the report a newcomer gets,
 * screenshotted as a laptop shows it. With 2 apps (the default) it runs exactly the README's first
 * command, `npx chat-opsdata` (the CLI's demo: its own simulator, the two demo apps, today's 30
 * days) into a temporary folder; with more, the same CLI against the simulator serving that many
 * apps (`--secret-file`, as `npm run simulator` prints it). Default output: docs/report.png, or
 * docs/report-<n>-apps.png. CJK and emoji names need fonts-noto-cjk and fonts-noto-color-emoji.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../functions/cli/cli-app.js';
import { demoSecret, manyDemoApps } from '../simulator/demo.js';
import { startSimulator } from '../simulator/server.js';
import { launchChromium, openFile, screenshot } from './harness/browser.js';

/** How tall the picture is: the header, the overview and the first app's digest and charts. */
const SCREEN_HEIGHT = 1100;

const { values } = parseArgs({
  options: {
    apps: { type: 'string', default: '2' },
    out: { type: 'string' },
    full: { type: 'boolean', default: false },
  },
});
const count = Number(values.apps);
if (!Number.isInteger(count) || count < 1 || count > 400) {
  throw new Error(`--apps must be a whole number from 1 to 400, not "${values.apps}"`);
}
const out = resolve(
  values.out ?? (count === 2 ? 'docs/report.png' : `docs/report-${count}-apps.png`),
);
const dir = await mkdtemp(join(tmpdir(), 'opsdata-report-shot-'));
const quiet = { stdout: () => undefined, stderr: (text: string) => console.error(text) };
const home = process.cwd();
// Run where a newcomer would: the page then names ./snapshots as theirs would, not a temp folder.
process.chdir(dir);
try {
  const snapshots = 'snapshots';
  if (count === 2) {
    // What the README's quick start runs.
    if ((await runCli(['--out', snapshots], quiet)) !== 0)
      throw new Error('npx chat-opsdata failed');
  } else {
    const simulator = await startSimulator({ apps: manyDemoApps(count) });
    try {
      const secret = join(dir, 'secret.json');
      await writeFile(secret, demoSecret(simulator.url, manyDemoApps(count)));
      const code = await runCli(['--secret-file', secret, '--out', snapshots], quiet);
      if (code !== 0) throw new Error('npx chat-opsdata --secret-file failed');
    } finally {
      await simulator.close();
    }
  }
  const browser = await launchChromium();
  try {
    const opened = await openFile(browser, join(dir, snapshots, 'report.html'));
    await screenshot(opened.page, out, values.full ? undefined : SCREEN_HEIGHT);
    const height = await opened.page.$eval('html', (page) => page.scrollHeight);
    console.log(`Screenshot of the report of ${count} apps (page ${height} px tall): ${out}`);
  } finally {
    await browser.close();
  }
} finally {
  process.chdir(home);
  await rm(dir, { recursive: true, force: true });
}
