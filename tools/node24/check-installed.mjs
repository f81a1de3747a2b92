/**
 * `npm run test:node24` and `npm run mutation` run this first (on whatever Node started npm): it
 * fails with what to do when the Lambda's Node.js is not installed in tools/node24, or is not a
 * Node 24.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const node = fileURLToPath(new URL('./node_modules/node/bin/node', import.meta.url));
const fail = (problem) => {
  console.error(
    `${process.env.npm_lifecycle_event ?? 'node24'}: ${problem} — run (cd tools/node24 && npm ci)`,
  );
  process.exit(1);
};

if (!existsSync(node)) fail('Node 24 (the Lambda runtime) is not installed in tools/node24');
let version = '';
try {
  version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
} catch (error) {
  fail(`tools/node24's node does not start (${error.message.split('\n')[0]})`);
}
if (!version.startsWith('v24.')) fail(`tools/node24 holds Node ${version}, not Node 24`);
