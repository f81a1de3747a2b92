/**
 * A simulator in a process of its own, so that a benchmark measures the pipeline and not the
 * simulator sharing its event loop. Prints `{"url": …}` on its first line, then serves until killed.
 * Usage: node --import tsx bench/support/simulator-process.ts <apps> <latencyMs>
 */
import { DEMO_APPS } from '../../simulator/demo.js';
import { startSimulator } from '../../simulator/server.js';

const [apps = '1000', latencyMs = '50'] = process.argv.slice(2);
const template = DEMO_APPS[0];
if (template === undefined) throw new Error('no demo app');
const simulated = Array.from({ length: Number(apps) }, (_, i) => ({
  ...template,
  sdkAppId: 1500000000 + i,
}));
const sim = await startSimulator({ apps: simulated, latencyMs: Number(latencyMs) });
process.stdout.write(`${JSON.stringify({ url: sim.url })}\n`);
process.once('SIGTERM', () => {
  sim.close().then(() => process.exit(0));
});
