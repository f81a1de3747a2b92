/**
 * `npm run chat:preview [-- --docs]`: the chat digest of a demo run — the simulator's two demo
 * apps (Demo Live with its day of group spam) and a third app whose region is wrong — as each
 * platform's client shows it: the exact body the poster sends, drawn by tools/chat-preview on a
 * phone-sized page, and a screenshot of each in headless Chromium. Writes
 * test-results/chat-preview/<kind>.html and .png; `--docs` also docs/chat-<kind>.png.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import { dirStore } from '../../functions/local/dir-store.js';
import { chatDigest } from '../../functions/notify/chat-digest.js';
import { PLATFORMS } from '../../functions/notify/poster.js';
import { WEBHOOK_KINDS } from '../../functions/notify/webhook.js';
import { takeSnapshots } from '../../functions/run/snapshot-pipeline.js';
import { parseSecret } from '../../functions/secret/secret.js';
import { defaultRunSettings } from '../../functions/settings/settings.js';
import { DEMO_APPS, demoSecret } from '../../simulator/demo.js';
import { startSimulator } from '../../simulator/server.js';
import { launchChromium, openFile, screenshot } from '../harness/browser.js';
import { messageHtml } from './messages.js';
import { PHONE, phonePage } from './page.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'test-results/chat-preview' },
    docs: { type: 'boolean', default: false },
  },
});

/** A third app whose secret names the wrong region: the simulator answers 70020. */
const WRONG_REGION = {
  ...(DEMO_APPS[0] as (typeof DEMO_APPS)[number]),
  sdkAppId: 1400000003,
  appName: 'Demo Shop',
};
const DASHBOARD =
  'https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-southeast-1#dashboards/dashboard/ChatOpsdata-ap-southeast-1';

const apps = [...DEMO_APPS, WRONG_REGION];
const sim = await startSimulator({ apps });
const dir = await mkdtemp(join(tmpdir(), 'opsdata-chat-preview-'));
const agent = new Agent();
const out = resolve(values.out);
try {
  sim.inject({ kind: 'error', errorCode: 70020, sdkAppId: WRONG_REGION.sdkAppId, times: 10 });
  const now = new Date();
  const summary = await takeSnapshots({
    apps: parseSecret(demoSecret(sim.url, apps)),
    store: dirStore(dir),
    settings: defaultRunSettings(),
    runId: 'preview-run',
    now,
    deadline: Date.now() + 30_000,
    client: { dispatcher: agent },
  });
  const digest = chatDigest(summary, DASHBOARD);
  await mkdir(out, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const kind of WEBHOOK_KINDS) {
      const webhook = {
        kind,
        url: 'https://example.invalid/hook?key=0',
        signingSecret: kind === 'feishu' || kind === 'dingtalk' ? 's' : undefined,
      };
      const { body } = PLATFORMS[kind].request(digest, webhook as never, now);
      const page = join(out, `${kind}.html`);
      await writeFile(page, phonePage(kind, messageHtml(kind, body), '10:31'));
      const opened = await openFile(browser, page, PHONE);
      const problems = [...opened.consoleMessages, ...opened.pageErrors];
      if (problems.length > 0) throw new Error(`${kind}: the page reported ${problems.join('; ')}`);
      if (opened.requests.length !== 1)
        throw new Error(`${kind}: the page requested ${opened.requests.slice(1).join(', ')}`);
      await screenshot(opened.page, join(out, `${kind}.png`));
      if (values.docs) await screenshot(opened.page, resolve(`docs/chat-${kind}.png`));
      await opened.page.close();
      console.log(
        `${kind.padEnd(8)} ${Buffer.byteLength(body).toLocaleString('en-US').padStart(6)} bytes  ${page}`,
      );
    }
  } finally {
    await browser.close();
  }
} finally {
  await agent.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
