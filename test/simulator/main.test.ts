import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { signUserSig } from '../../functions/getappinfo/usersig.js';
import { GETAPPINFO_PATH } from '../../simulator/server.js';

describe('npm run simulator', () => {
  it('prints its URL and a secret for the demo apps, serves them, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/main.ts', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    try {
      await expect.poll(() => output, { timeout: 15_000 }).toMatch(/"apps":\[.*\]\}\n/);
      const secret = JSON.parse(output.slice(output.indexOf('{"apps"')).split('\n')[0] ?? '') as {
        apps: { sdkAppId: number; identifier: string; secretKey: string; endpoint: string }[];
      };
      expect(secret.apps.map((a) => a.sdkAppId)).toEqual([1400000001, 1400000002]);
      const app = secret.apps[0];
      if (!app) throw new Error('no app in the printed secret');
      expect(output).toContain(`listening on ${app.endpoint}`);
      const usersig = signUserSig({
        sdkAppId: app.sdkAppId,
        identifier: app.identifier,
        secretKey: app.secretKey,
        now: Math.floor(Date.now() / 1000),
        expire: 600,
      });
      const response = await fetch(
        `${app.endpoint}${GETAPPINFO_PATH}?sdkappid=${app.sdkAppId}&identifier=${app.identifier}&usersig=${usersig}&random=7&contenttype=json`,
        { method: 'POST', body: '{}' },
      );
      const body = (await response.json()) as { ErrorCode: number; Result: { AppName: string }[] };
      expect(body.ErrorCode).toBe(0);
      expect(body.Result[0]?.AppName).toBe('Demo Chat');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
