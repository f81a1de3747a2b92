/**
 * Runs the function as Lambda runs it: the esbuild bundle built with the stack's options, imported
 * by a fresh Node process with `--enable-source-maps` and the environment the stack sets, then
 * invoked once per event. Shared by the bundle test and the benchmark.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { functionBuildOptions } from '../../infra/bundling.js';
import { HANDLER_ENTRY } from '../../infra/constructs/snapshot-function.js';

/** Builds `functions/handler.ts` into `dir/index.mjs` (and its map); resolves with the path. */
export async function buildHandlerBundle(dir: string): Promise<string> {
  const bundle = join(dir, 'index.mjs');
  await build(functionBuildOptions(HANDLER_ENTRY, bundle));
  return bundle;
}

export interface Invocation {
  readonly ms: number;
  /** What the handler returned, or undefined when it threw. */
  readonly result?: unknown;
  readonly error?: { readonly name: string; readonly message: string };
}

export interface BundleRun {
  readonly node: string;
  readonly importMs: number;
  readonly invocations: readonly Invocation[];
  readonly maxRssMiB: number;
  /** Everything the function printed (its JSON logs and EMF lines). */
  readonly stdout: string;
}

/**
 * Imports `bundle` in a new process of `node` (default: this one's) with exactly `env` (plus
 * PATH), invokes the handler with each event in turn and reports what happened.
 */
export async function invokeBundle(options: {
  readonly bundle: string;
  readonly env: Readonly<Record<string, string>>;
  readonly events: readonly unknown[];
  readonly node?: string;
  readonly remainingMs?: number;
}): Promise<BundleRun> {
  const dir = join(options.bundle, '..');
  const runner = join(dir, 'invoke.mjs');
  const out = join(dir, 'invocations.json');
  await writeFile(
    runner,
    `import { writeFileSync } from 'node:fs';
const events = ${JSON.stringify(options.events)};
const context = (id) => ({ awsRequestId: id, functionName: 'chat-opsdata', getRemainingTimeInMillis: () => ${options.remainingMs ?? 170_000} });
const t0 = performance.now();
const { handler } = await import(${JSON.stringify(options.bundle)});
const importMs = performance.now() - t0;
const invocations = [];
for (const [i, event] of events.entries()) {
  const started = performance.now();
  try {
    const result = await handler(event, context('invocation-' + i));
    invocations.push({ ms: performance.now() - started, result });
  } catch (error) {
    invocations.push({ ms: performance.now() - started, error: { name: error.name, message: error.message } });
  }
}
writeFileSync(${JSON.stringify(out)}, JSON.stringify({
  node: process.version, importMs, invocations, maxRssMiB: process.resourceUsage().maxRSS / 1024,
}));
process.exit(0); // the handler's keep-alive agent would hold the process open, as Lambda freezes it
`,
  );
  // Asynchronous: the local servers answer from this process's event loop.
  const { stdout } = await promisify(execFile)(
    options.node ?? process.execPath,
    ['--enable-source-maps', runner],
    // A large run logs megabytes (one line per app, EMF per app and day).
    {
      timeout: 120_000,
      maxBuffer: 512 * 1024 * 1024,
      env: { PATH: process.env.PATH ?? '', ...options.env },
    },
  );
  return { ...JSON.parse(await readFile(out, 'utf8')), stdout };
}
