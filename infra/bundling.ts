/**
 * How the function is bundled: the stack's NodejsFunction and the tools that build the same
 * bundle by hand (the benchmark, the bundle measurement) read these, so they cannot drift apart.
 */
import type { BuildOptions } from 'esbuild';

/** The Lambda runtime's Node.js version, as an esbuild target. */
export const BUNDLE_TARGET = 'node24';
/** Prefer ES module entry points of dependencies. */
export const MAIN_FIELDS = ['module', 'main'];
/** CommonJS dependencies (undici) call require() for Node built-ins inside an ES module. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** esbuild options equal to the stack's bundling of `entry` (minified ESM with a source map). */
export function functionBuildOptions(
  entry: string,
  outfile: string,
  external: string[] = [],
): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    mainFields: MAIN_FIELDS,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external,
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'silent',
  };
}
