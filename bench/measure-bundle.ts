import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { functionBuildOptions } from '../infra/bundling.js';

/**
 * Measures the function bundle two ways — AWS SDK bundled vs. left to the Lambda runtime — with
 * the stack's esbuild options: bundle size (raw and zipped) and the median time to import it in
 * a fresh Node process (what a cold start pays before the handler runs).
 * Usage: npx tsx bench/measure-bundle.ts [entry] [runs]
 */
const entry = resolve(process.argv[2] ?? 'functions/handler.ts');
const runs = Number(process.argv[3] ?? 15);
// Inside the repository so that the external variant resolves @aws-sdk/* from node_modules,
// as the Lambda runtime resolves it from its own node_modules.
const outRoot = resolve('cdk.out/measure-bundle');

const variants = [
  { name: 'bundled (externalModules: [])', external: [] as string[] },
  { name: 'runtime SDK (@aws-sdk/* external)', external: ['@aws-sdk/*'] },
];

rmSync(outRoot, { recursive: true, force: true });
const built = [];
for (const variant of variants) {
  const dir = join(outRoot, variant.external.length === 0 ? 'bundled' : 'external');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'index.mjs');
  await build(functionBuildOptions(entry, outfile, variant.external));
  execFileSync('zip', ['-q', '-j', join(dir, 'asset.zip'), outfile, `${outfile}.map`]);
  built.push({ ...variant, dir, outfile, plain: [] as number[], sourceMaps: [] as number[] });
}

/** Milliseconds to import the bundle (and run its top-level code) in a new Node process. */
function importTime(outfile: string, sourceMaps: boolean): number {
  const out = execFileSync(
    process.execPath,
    [
      ...(sourceMaps ? ['--enable-source-maps'] : []),
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return Number(out.toString().trim());
}

// Interleaved, so that load from other processes on the machine hits both variants alike.
for (let i = 0; i < runs; i += 1) {
  for (const b of built) {
    b.plain.push(importTime(b.outfile, false));
    b.sourceMaps.push(importTime(b.outfile, true));
  }
}

const kb = (path: string) => (statSync(path).size / 1024).toFixed(0);
const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5)?.toFixed(0)} ms (p10 ${at(0.1)?.toFixed(0)}, p90 ${at(0.9)?.toFixed(0)})`;
};
console.log(`entry ${entry}, n=${runs} per cell, node ${process.version}`);
for (const b of built) {
  console.log(
    `${b.name}: index.mjs ${kb(b.outfile)} KiB, map ${kb(`${b.outfile}.map`)} KiB, zip ${kb(join(b.dir, 'asset.zip'))} KiB\n` +
      `  import ${stats(b.plain)}; with --enable-source-maps ${stats(b.sourceMaps)}`,
  );
}
