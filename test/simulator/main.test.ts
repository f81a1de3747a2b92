import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
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

/** Runs `npm run simulator -- …args` to its end: exit code and output. */
function runSimulator(args: readonly string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/main.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('npm run simulator, told something else', () => {
  it('prints its usage for --help and exits 0', async () => {
    const { code, stdout, stderr } = await runSimulator(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run simulator -- \[--port <port>\] \[--host <address>\]\n/);
    expect(stdout).toContain('--port <port>');
    expect(stderr).toBe('');
  });

  it('says an unknown flag in one line and exits 2', async () => {
    const { code, stderr } = await runSimulator(['--nope']);
    expect(code).toBe(2);
    expect(stderr).toBe("getappinfo simulator: Unknown option '--nope' (see --help)\n");
  });

  it('says a port in use in one line, no stack trace, and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const { code, stderr } = await runSimulator(['--port', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `getappinfo simulator: port ${port} on 127.0.0.1 is in use (another simulator?) — stop it, or pick another with --port\n`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
