import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resource, type Synthesized } from '../../tools/harness/synth.js';
import { type DefaultStack, defaultStack } from '../support/default-stack.js';

const BUNDLE = true;

// One synthesis for the whole file; the bundle's tests synthesize with real esbuild bundling.
let s: Synthesized;
let ids: DefaultStack['ids'];

beforeAll(() => {
  ({ s, ids } = defaultStack(BUNDLE));
});

describe('bundle', () => {
  let dir: string;
  let code: string;
  beforeAll(() => {
    // The asset's hash names both the uploaded zip and the staged directory in the assembly.
    const key: string = resource(s.template, ids.fn).Properties.Code.S3Key;
    dir = join(s.app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
    code = readFileSync(join(dir, 'index.mjs'), 'utf8');
  });

  it('is minified ESM with a source map and the createRequire banner', () => {
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    expect(code.startsWith("import { createRequire } from 'module';")).toBe(true);
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
    // Minified: thousands of characters per line (unminified code averages under 50).
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
  });

  it('includes the AWS SDK: it imports nothing but Node built-ins', () => {
    const specifiers = [
      ...code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g),
    ]
      .map((m) => m[1] ?? '')
      .filter((spec) => !spec.startsWith('node:') && !builtinModules.includes(spec));
    expect(specifiers).toEqual([]);
    expect(code).toContain('GetSecretValue');
    expect(code).toContain('PutObject');
  });

  it('loads in a fresh Node process and exports handler', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(join(dir, 'index.mjs'))}); console.log(typeof m.handler);`,
      ],
      {
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'ap-southeast-1' },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    expect(out.toString().trim()).toBe('function');
  });
});
