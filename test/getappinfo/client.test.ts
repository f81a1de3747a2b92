/**
 * fetchAppInfo against the simulator over real HTTP: the deadline, the signature's clock, the
 * backoff and timeouts it is configured with, the dispatcher it is given, and HTTP failures.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, GetAppInfoError } from '../../functions/core/errors.js';
import { CONNECT_TIMEOUT_MS, getAppInfoAgent } from '../../functions/getappinfo/agent.js';
import {
  type ClientOptions,
  type FetchResult,
  fetchAppInfo,
  networkError,
} from '../../functions/getappinfo/client.js';
import { decodeUserSig } from '../../functions/getappinfo/usersig.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { startStalledServer } from '../../tools/harness/stalled-server.js';
import { appConfigs, FAST_CLIENT, TEST_APPS } from '../support/fixtures.js';

const ONE = TEST_APPS[0] as (typeof TEST_APPS)[0];
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ apps: TEST_APPS });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.reset();
});

const app = () => appConfigs(sim.url, [ONE])[0] as ReturnType<typeof appConfigs>[0];
const fetchOne = (options: ClientOptions = {}, deadline = Date.now() + 20_000) =>
  fetchAppInfo(app(), undefined, deadline, { ...FAST_CLIENT, ...options });

function failed(result: FetchResult) {
  if (result.ok) throw new Error('expected the call to fail');
  return result;
}

describe('fetchAppInfo', () => {
  it('makes no request when the deadline has already passed, and says to raise the timeout', async () => {
    const result = failed(await fetchOne({}, Date.now() - 1));
    expect(result).toMatchObject({ attempts: 0, gaveUp: 'deadline' });
    expect(result.error).toBeInstanceOf(GetAppInfoError);
    expect(result.error).toMatchObject({
      message:
        'getappinfo for app 1400000101: no time left before the deadline — raise the function timeout',
      sdkAppId: 1400000101,
      retryable: true,
      hint: 'raise the function timeout',
    });
    expect(sim.requests).toEqual([]);
  });

  it('signs each UserSig at its own clock time, in seconds, valid for the configured time', async () => {
    const at = Date.now() - 1_234;
    const result = await fetchOne({ clock: () => at, userSigExpireSeconds: 120 });
    expect(result.ok).toBe(true);
    const doc = decodeUserSig(sim.requests[0]?.query.usersig ?? '');
    expect(doc['TLS.time']).toBe(Math.floor(at / 1000));
    expect(doc['TLS.expire']).toBe(120);
  });

  it('signs for 600 s by default: a new UserSig is made for every attempt', async () => {
    await fetchOne();
    expect(decodeUserSig(sim.requests[0]?.query.usersig ?? '')['TLS.expire']).toBe(600);
  });

  it('reports the duration of the successful attempt as its latency', async () => {
    sim.inject({ kind: 'delay', ms: 150 });
    const started = Date.now();
    const result = await fetchOne();
    const elapsed = Date.now() - started;
    if (!result.ok) throw new Error('expected the call to succeed');
    expect(result.latencyMs).toBeGreaterThanOrEqual(140);
    expect(result.latencyMs).toBeLessThanOrEqual(elapsed);
  });

  it('backs off with the configured base and ceiling, doubling per retry', async () => {
    sim.inject({ kind: 'error', errorCode: 70169, times: 3 });
    const delays: number[] = [];
    const result = await fetchOne({
      maxAttempts: 4,
      backoffBaseMs: 5,
      backoffMaxMs: 12,
      random: () => 0.999,
      onRetry: (event) => delays.push(event.delayMs),
    });
    expect(result).toMatchObject({ ok: true, attempts: 4 });
    // Ceilings 5, 10 and 20 cut to 12 ms, each scaled by the jitter draw 0.999.
    expect(delays).toEqual([4, 9, 11]);
  });

  it('tells onRetry which app, which attempt and what failed', async () => {
    sim.inject({ kind: 'error', errorCode: 60018 });
    const events: unknown[] = [];
    await fetchOne({ random: () => 0, onRetry: (e) => events.push(e) });
    expect(events).toEqual([
      {
        sdkAppId: 1400000101,
        attempt: 1,
        delayMs: 0,
        error: expect.objectContaining({ errorCode: 60018, retryable: true }),
      },
    ]);
  });

  it('gives every retry the configured attempt timeout, not the default', async () => {
    sim.inject({ kind: 'delay', ms: 1_000, times: 2 });
    const result = failed(await fetchOne({ attemptTimeoutMs: 200, maxAttempts: 2 }));
    expect(result).toMatchObject({ attempts: 2, gaveUp: 'max-attempts' });
    expect(result.error.message).toMatch(
      /^getappinfo for app 1400000101 timed out after (\d+) ms \(its limit: 200 ms\) — the endpoint is slow or unreachable$/,
    );
    const waited = Number(/after (\d+) ms/.exec(result.error.message)?.[1]);
    expect(waited).toBeGreaterThanOrEqual(200);
    expect(waited).toBeLessThan(1_000);
  });

  it('throws, rather than retrying, for an app with neither region nor endpoint', async () => {
    const { endpoint: _none, ...noEndpoint } = app();
    await expect(fetchAppInfo(noEndpoint, undefined, Date.now() + 5_000)).rejects.toBeInstanceOf(
      ConfigError,
    );
  });

  it('says an endpoint with a path answers 404, without retrying', async () => {
    const result = failed(
      await fetchAppInfo(
        { ...app(), endpoint: `${sim.url}/proxy` },
        undefined,
        Date.now() + 5_000,
        {
          ...FAST_CLIENT,
        },
      ),
    );
    expect(result).toMatchObject({ attempts: 1, gaveUp: 'permanent' });
    expect(result.error).toMatchObject({ status: 404, retryable: false });
    expect(result.error.message).toBe(
      'getappinfo for app 1400000101 answered HTTP 404 — is "endpoint" the base URL of the Chat REST API (no path)?',
    );
  });

  it('names the HTTP status of a gateway error, with no hint to add', async () => {
    sim.inject({ kind: 'http', status: 502 });
    const result = failed(await fetchOne({ maxAttempts: 1 }));
    expect(result.error).toMatchObject({ status: 502, retryable: true, hint: '' });
    expect(result.error.message).toBe('getappinfo for app 1400000101 answered HTTP 502');
  });

  it('says to check the network path when the connection is reset', async () => {
    sim.inject({ kind: 'reset' });
    const result = failed(await fetchOne({ maxAttempts: 1 }));
    expect(result.error.message).toMatch(/^getappinfo for app 1400000101 failed on the network \(/);
    expect(result.error.hint).toBe('check the endpoint and network path');
  });

  it('sends every attempt through the dispatcher it is given', async () => {
    const dispatched: string[] = [];
    class CountingAgent extends Agent {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
        dispatched.push(String(options.path).split('?')[0] ?? '');
        return super.dispatch(options, handler);
      }
    }
    const dispatcher = new CountingAgent();
    try {
      sim.inject({ kind: 'http', status: 503 });
      const result = await fetchOne({ dispatcher });
      expect(result).toMatchObject({ ok: true, attempts: 2 });
      expect(dispatched).toEqual(['/v4/openconfigsvr/getappinfo', '/v4/openconfigsvr/getappinfo']);
    } finally {
      await dispatcher.close();
    }
  });

  it('labels the JSON body it sends as application/json', async () => {
    // The simulator does not look at headers, so a bare server records what arrives on the wire.
    const headers: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      headers.push(req.headers);
      req.resume();
      const body = '{"ErrorCode":0,"ErrorInfo":"OK","Result":[]}';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await fetchAppInfo(
        { ...app(), endpoint: `http://127.0.0.1:${port}` },
        undefined,
        Date.now() + 5_000,
      );
      expect(result).toMatchObject({ ok: true, days: [] });
      expect(headers.map((h) => h['content-type'])).toEqual(['application/json']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('fetchAppInfo against a TLS handshake that never completes', () => {
  /** One attempt of `attemptTimeoutMs` through the real agent: its failure and how long it took. */
  async function attemptStalled(attemptTimeoutMs: number) {
    const stalled = await startStalledServer();
    const agent = getAppInfoAgent();
    try {
      const started = Date.now();
      const result = failed(
        await fetchAppInfo({ ...app(), endpoint: stalled.httpsUrl }, undefined, started + 20_000, {
          dispatcher: agent,
          attemptTimeoutMs,
          maxAttempts: 1,
        }),
      );
      return { result, elapsed: Date.now() - started, bytesReceived: stalled.bytesReceived() };
    } finally {
      await agent.destroy();
      await stalled.close();
    }
  }

  it('ends the attempt at its timeout, saying how long it really waited', async () => {
    const { result, elapsed, bytesReceived } = await attemptStalled(400);
    // The agent's connect timeout (CONNECT_TIMEOUT_MS) would have ended it at 3 s.
    expect(elapsed).toBeLessThan(1_500);
    expect(bytesReceived).toBeGreaterThan(0); // the ClientHello arrived
    const waited = Number(
      /timed out after (\d+) ms \(its limit: 400 ms\) — /.exec(result.error.message)?.[1],
    );
    expect(waited).toBeGreaterThanOrEqual(400);
    expect(waited).toBeLessThanOrEqual(elapsed);
    expect(result.error.message).not.toContain('usersig');
  });

  it('fails a handshake stalled for the agent’s 3 s connect timeout, well within a 10 s attempt', async () => {
    const { result, elapsed } = await attemptStalled(10_000);
    expect(elapsed).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS);
    expect(elapsed).toBeLessThan(CONNECT_TIMEOUT_MS + 2_000); // undici's default would be 10 s
    expect(result.error.message).toMatch(
      /^getappinfo for app 1400000101 failed on the network \(ConnectTimeoutError: .*\) — check the endpoint and network path$/,
    );
    expect(result).toMatchObject({ attempts: 1, error: { retryable: true } });
  });
});

describe('networkError', () => {
  it('redacts a UserSig that a transport error quotes with the request URL', () => {
    const cause = new TypeError(
      'fetch failed: https://adminapisgp.im.qcloud.com/v4/openconfigsvr/getappinfo?sdkappid=1400000000&identifier=administrator&usersig=eJw1jNEKgjAUhu-SS6HmU&random=12&contenttype=json',
    );
    const error = networkError({ sdkAppId: 1400000000 }, cause, undefined);
    expect(error.message).toBe(
      'getappinfo for app 1400000000 failed on the network (TypeError: fetch failed: https://adminapisgp.im.qcloud.com/v4/openconfigsvr/getappinfo?sdkappid=1400000000&identifier=administrator&usersig=REDACTED&random=12&contenttype=json) — check the endpoint and network path',
    );
    expect(error).toMatchObject({ retryable: true, sdkAppId: 1400000000 });
  });

  it('says how long a timed-out attempt really waited, and its limit', () => {
    const error = networkError({ sdkAppId: 7 }, new Error('aborted'), {
      elapsedMs: 2_513,
      limitMs: 2_500,
    });
    expect(error.message).toBe(
      'getappinfo for app 7 timed out after 2513 ms (its limit: 2500 ms) — the endpoint is slow or unreachable',
    );
    expect(error.hint).toBe('the endpoint is slow or unreachable');
  });
});

describe('networkError for a thrown value that is not an Error', () => {
  it('does not quote it, since it may hold anything', () => {
    const error = networkError({ sdkAppId: 7 }, 'usersig=abc', undefined);
    expect(error.message).toBe(
      'getappinfo for app 7 failed on the network (unknown error) — check the endpoint and network path',
    );
    expect(error.hint).toBe('check the endpoint and network path');
  });
});
