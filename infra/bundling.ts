/**
 * How the function is bundled — the only place the esbuild flags live. The stack's NodejsFunction
 * and the tools that build the same bundle by hand (the bundle test, the benchmark, the bundle
 * measurement) derive their options from `BUNDLE`, so they cannot drift apart.
 */
import { type BundlingOptions, LogLevel, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** The bundle: ESM for the Node.js 24 runtime, minified, with a source map but not the sources. */
export const BUNDLE = {
  /** The Lambda runtime's Node.js version, as an esbuild target. */
  target: 'node24',
  /** Prefer ES module entry points of dependencies. */
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  /** CommonJS dependencies (undici) call require() for Node built-ins inside an ES module. */
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/**
 * The NodejsFunction bundling: `BUNDLE`, built locally (no Docker), esbuild printing errors only.
 * The AWS SDK is bundled, not taken from the runtime: measured faster to load, and pinned by the
 * lockfile (docs/design.md, "Bundling").
 */
export function nodejsBundling(): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: BUNDLE.target,
    mainFields: [...BUNDLE.mainFields],
    minify: BUNDLE.minify,
    sourceMap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    banner: BUNDLE.banner,
    externalModules: [],
    forceDockerBundling: false,
    logLevel: LogLevel.ERROR,
  };
}

/** esbuild options equal to the stack's bundling of `entry`, for building it by hand. */
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
    target: BUNDLE.target,
    mainFields: [...BUNDLE.mainFields],
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    external,
    banner: { js: BUNDLE.banner },
    logLevel: 'silent',
  };
}
