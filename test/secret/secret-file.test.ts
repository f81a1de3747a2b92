import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import { loadSecretFromFile } from '../../functions/secret/secret-file.js';
import { tempDir } from '../support/temp-dir.js';

describe('loadSecretFromFile', () => {
  it('reads and parses the secret file', async () => {
    const path = join(await tempDir('secret-file'), 'secret.json');
    const app = { sdkAppId: 1400000000, identifier: 'admin', secretKey: 'k', region: 'tokyo' };
    await writeFile(path, JSON.stringify(app));
    expect(await loadSecretFromFile(path)).toEqual({ apps: [app], notify: [] });
  });

  it('names the file when the JSON in it is broken', async () => {
    const path = join(await tempDir('secret-file'), 'secret.json');
    await writeFile(path, '{"sdkAppId": 1400000000');
    await expect(loadSecretFromFile(path)).rejects.toThrow(
      new ConfigError(`secret file ${path} is not valid JSON: line 1, column 24: "}" was expected`),
    );
  });

  it('names the file, the reason and --secret-file when it cannot be read', async () => {
    const path = join(await tempDir('secret-file'), 'missing.json');
    const error = await loadSecretFromFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      field: '--secret-file',
      message: `could not read secret file ${path} (ENOENT)`,
    });
    expect((error as Error).cause).toMatchObject({ code: 'ENOENT' });
  });
});
