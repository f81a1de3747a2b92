import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionBuildOptions } from '../../infra/bundling.js';

describe('the Lambda bundle', () => {
  it('leaves the report, its charting library and the browser tooling out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opsdata-bundle-'));
    try {
      const result = await build({
        ...functionBuildOptions('functions/handler.ts', join(dir, 'index.mjs')),
        metafile: true,
      });
      const inputs = Object.keys(result.metafile?.inputs ?? {});
      expect(inputs).toContain('functions/handler.ts');
      expect(
        inputs.filter((path) => /functions\/report|echarts|zrender|playwright/.test(path)),
      ).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
