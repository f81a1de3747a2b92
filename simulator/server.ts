/**
 * A local Tencent Cloud Chat getappinfo endpoint over real HTTP (node:http), for tests and the
 * CLI demo: it checks requests like the service does, serves deterministic data and plays faults.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkRequest, parseJson } from './check-request.js';
import { type SimulatedApp, simulatedResult } from './data.js';
import { failureBody } from './error-codes.js';
import { type Fault, type FaultKind, FaultQueue, NGINX_502_PAGE } from './faults.js';

export type { SimulatedApp } from './data.js';
export type { Fault, FaultKind } from './faults.js';

/**
 * The only path the simulator serves; anything else is a 404, as on the real domain. Spelled out
 * here rather than imported from the client, so that the simulator checks the client's path.
 */
export const GETAPPINFO_PATH = '/v4/openconfigsvr/getappinfo';

export interface SimulatorOptions {
  readonly apps: readonly SimulatedApp[];
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** The service's clock (UserSig expiry, which days are reported). Default: real time. */
  readonly now?: () => Date;
  /** Every answer without a fault waits this long first, like a far-away data center. Default 0. */
  readonly latencyMs?: number;
}

/** One request as the simulator saw it; `query.usersig` is kept so tests can verify signing. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly rawBody: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly body: unknown;
  /** The `sdkappid` query parameter when it is a number. */
  readonly sdkAppId: number | undefined;
  /** The ErrorCode answered (0 = data), the fault played, or `not-found` for another path. */
  readonly outcome: number | FaultKind | 'not-found';
}

export interface RunningSimulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Queues a fault for the next matching request(s). */
  inject(fault: Fault): void;
  /** Drops the faults not yet played and forgets the recorded requests. */
  reset(): void;
  /** Stops listening and drops every connection, keep-alive ones included. */
  close(): Promise<void>;
}

/** Starts a getappinfo simulator for `options.apps` and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const now = options.now ?? (() => new Date());
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  /** The normal answer to a request: data, or the ErrorCode of the first failing check. */
  const answer = (req: IncomingMessage, query: Record<string, string>, rawBody: string) => {
    const at = now();
    const check = checkRequest({
      method: req.method ?? '',
      query,
      rawBody,
      apps: options.apps,
      now: at,
    });
    if (!check.ok) return { errorCode: check.errorCode, body: failureBody(check.errorCode) };
    // getappinfo's documented success body has no ActionStatus, unlike most REST APIs.
    const result = simulatedResult(check.app, at, check.requestFields);
    return {
      errorCode: 0,
      body: JSON.stringify({ ErrorCode: 0, ErrorInfo: 'OK', Result: result }),
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const query = Object.fromEntries(url.searchParams);
    const rawBody = await readBody(req);
    const sdkAppId = /^\d+$/.test(query.sdkappid ?? '') ? Number(query.sdkappid) : undefined;
    const record = (outcome: RecordedRequest['outcome']) =>
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query,
        rawBody,
        body: parseJson(rawBody),
        sdkAppId,
        outcome,
      });

    if (url.pathname !== GETAPPINFO_PATH) {
      record('not-found');
      send(res, 404, 'text/html', NOT_FOUND_PAGE);
      return;
    }
    const fault = faults.take(sdkAppId);
    if (!fault) {
      if (options.latencyMs) await sleep(options.latencyMs);
      const { errorCode, body } = answer(req, query, rawBody);
      record(errorCode);
      if (!res.destroyed) send(res, 200, JSON_TYPE, body);
      return;
    }
    record(fault.kind);
    switch (fault.kind) {
      case 'http':
        send(res, fault.status, 'text/html', fault.body ?? NGINX_502_PAGE);
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) send(res, 200, JSON_TYPE, answer(req, query, rawBody).body);
        }, fault.ms);
        timers.add(timer);
        return;
      }
      case 'error':
        send(res, 200, JSON_TYPE, failureBody(fault.errorCode, fault.errorInfo));
        return;
      case 'echo':
        send(
          res,
          200,
          JSON_TYPE,
          failureBody(fault.errorCode, fault.errorInfo({ url: req.url ?? '', query })),
        );
        return;
      case 'truncate': {
        const full = Buffer.from(answer(req, query, rawBody).body);
        res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': full.length });
        res.write(full.subarray(0, Math.floor(full.length / 2)), () => res.destroy());
        return;
      }
      case 'garbage':
        send(res, 200, JSON_TYPE, fault.body);
        return;
      case 'huge':
        res.writeHead(200, {
          'content-type': JSON_TYPE,
          ...(fault.contentLength === false ? {} : { 'content-length': fault.bytes }),
        });
        sendHuge(res, fault.bytes).then(({ sent, complete }) => fault.onEnd?.(sent, complete));
        return;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    requests,
    inject: (fault) => faults.push(fault),
    reset: () => {
      faults.clear();
      requests.length = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

const JSON_TYPE = 'application/json';
const NOT_FOUND_PAGE =
  '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n' +
  '<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function send(res: ServerResponse, status: number, type: string, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'content-type': type, 'content-length': bytes.length });
  res.end(bytes);
}

/** A success document with no days: `{"ErrorCode":0,"ErrorInfo":"OK","Result":[]` … `}`. */
const HUGE_HEAD = Buffer.from('{"ErrorCode":0,"ErrorInfo":"OK","Result":[]');
const HUGE_TAIL = Buffer.from('}');
/** One chunk of JSON whitespace, shared by every write (it is never changed). */
const HUGE_PAD = Buffer.alloc(64 * 1024, ' ');

/** Resolves on the first of `events` that `res` emits (or at once if it is already closed). */
function firstOf(res: ServerResponse, events: readonly string[]): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      for (const event of events) res.off(event, done);
      resolve();
    };
    for (const event of events) res.on(event, done);
  });
}

/**
 * Writes a `total`-byte body (head, whitespace, tail) chunk by chunk, waiting for `drain` when the
 * socket is full, so memory stays flat; stops when the client hangs up. Says how many bytes were
 * handed to the socket and whether the whole body was sent.
 */
async function sendHuge(
  res: ServerResponse,
  total: number,
): Promise<{ sent: number; complete: boolean }> {
  let sent = 0;
  const write = async (chunk: Buffer) => {
    if (res.destroyed) return false;
    sent += chunk.length;
    if (!res.write(chunk)) await firstOf(res, ['drain', 'close']);
    return !res.destroyed;
  };
  const padding = Math.max(0, total - HUGE_HEAD.length - HUGE_TAIL.length);
  let open = await write(HUGE_HEAD.subarray(0, total));
  for (let left = padding; open && left > 0; left -= HUGE_PAD.length) {
    open = await write(left >= HUGE_PAD.length ? HUGE_PAD : HUGE_PAD.subarray(0, left));
  }
  if (open && total > HUGE_HEAD.length) open = await write(HUGE_TAIL);
  if (!open) return { sent, complete: false };
  const finished = firstOf(res, ['finish', 'close']);
  res.end();
  await finished;
  return { sent, complete: res.writableFinished };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
