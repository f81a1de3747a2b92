import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionBuildOptions } from '../../infra/bundling.js';
import { HANDLER_ENTRY } from '../../infra/constructs/snapshot-function.js';
import { tempDir } from '../support/temp-dir.js';

describe('the Lambda bundle', () => {
  it('leaves the report, its charting library and the browser tooling out', async () => {
    const dir = await tempDir('opsdata-bundle');
    const result = await build({
      ...functionBuildOptions(HANDLER_ENTRY, join(dir, 'index.mjs')),
      metafile: true,
    });
    const inputs = Object.keys(result.metafile?.inputs ?? {});
    expect(inputs).toContain('functions/handler.ts');
    const report = inputs.filter((path) =>
      /functions\/report|echarts|zrender|playwright/.test(path),
    );
    expect(report).toEqual([]);
  });
});
