/**
 * `npm run simulator`: serves the demo apps on a fixed port and prints a secret that points at it.
 * Usage: `npm run simulator -- [--port 8787] [--host 127.0.0.1]`.
 */
import { parseArgs } from 'node:util';
import { DEMO_APPS, demoSecret } from './demo.js';
import { startSimulator } from './server.js';

const USAGE = `Usage: npm run simulator -- [--port <port>] [--host <address>]

Serves Tencent's getappinfo for the demo apps on this machine, checking every request as the
service does (UserSig, parameters, RequestField), and prints a secret that points at it, for
npx chat-opsdata --secret-file (or your own client).

Options:
  --port <port>      port to listen on, 0 for any free one (default: 8787)
  --host <address>   address to listen on (default: 127.0.0.1)
  -h, --help         show this help`;

function fail(message: string, code: number): never {
  console.error(`getappinfo simulator: ${message}`);
  process.exit(code);
}

let values: { port: string; host: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message} (see --help)`, 2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
if (!(port >= 0 && port <= 65_535))
  fail(`--port must be an integer 0..65535, got ${values.port}`, 2);

const simulator = await startSimulator({ apps: DEMO_APPS, host: values.host, port }).catch(
  (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      fail(
        `port ${port} on ${values.host} is in use (another simulator?) — stop it, or pick another with --port`,
        1,
      );
    }
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
      fail(`cannot listen on ${values.host}: not an address of this machine (--host)`, 2);
    }
    throw error;
  },
);
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
