/**
 * `npm run simulator`: serves the demo apps on a fixed port and prints a secret that points at it.
 * Usage: `npm run simulator -- [--port 8787] [--host 127.0.0.1]`.
 */
import { parseArgs } from 'node:util';
import { DEMO_APPS, demoSecret } from './demo.js';
import { startSimulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer 0..65535, got ${values.port}`);
  process.exit(2);
}

const simulator = await startSimulator({ apps: DEMO_APPS, host: values.host, port });
console.log(`getappinfo simulator listening on ${simulator.url}`);
for (const app of DEMO_APPS) console.log(`  ${app.sdkAppId} ${app.appName}`);
// The keys are the simulator's own demo values (see demo.ts), so printing them is safe.
console.log('\nSecret JSON for these apps (e.g. save as demo-secret.json, use --secret-file):');
console.log(demoSecret(simulator.url));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    simulator.close().then(() => process.exit(0));
  });
}
