/**
 * `npm run mutation [-- <stryker options>]`: runs Stryker from this folder's own install on the
 * Node that runs this script (24: the root's `node` devDependency comes first on npm scripts'
 * PATH), from the repository root; when Stryker is not installed, says in one line how to do it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const stryker = fileURLToPath(
  new URL('./node_modules/@stryker-mutator/core/bin/stryker.js', import.meta.url),
);
if (!existsSync(stryker)) {
  console.error(
    'mutation: Stryker is not installed (it has its own package in tools/mutation) — run: npm run mutation:install',
  );
  process.exit(1);
}
const config = fileURLToPath(new URL('./stryker.config.mjs', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = spawnSync(process.execPath, [stryker, 'run', config, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
