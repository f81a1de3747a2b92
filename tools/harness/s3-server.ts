/**
 * A local S3 (s3rver 3, filesystem-backed) and an S3 that always fails, both on 127.0.0.1 over
 * real HTTP, with a real `@aws-sdk/client-s3` client configured for them.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export interface RunningS3 {
  /** Base URL for the client's `endpoint`, e.g. `http://127.0.0.1:40123`. */
  readonly endpoint: string;
  /** Where s3rver keeps the objects (removed by `close`). */
  readonly directory: string;
  /** A real S3 client for this server; `overrides` e.g. `{ maxAttempts: 1 }`. */
  client(overrides?: Partial<S3ClientConfig>): S3Client;
  close(): Promise<void>;
}

/** s3rver accepts any region in the signature; credentials must be its fixed pair. */
const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The client settings every local S3 needs. */
export function localS3ClientConfig(endpoint: string): S3ClientConfig {
  return {
    endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    // s3rver serves buckets by path, not by virtual host (<bucket>.127.0.0.1 does not resolve).
    forcePathStyle: true,
    // Since SDK 3.729 the default CRC32 checksums stream bodies as aws-chunked with a trailer,
    // which s3rver stores verbatim (framing included); only send checksums an API requires.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/**
 * Starts s3rver on a free port in a fresh temp directory with `buckets` created up front, behind
 * a small front that checks `Content-MD5` and `x-amz-checksum-sha256` like S3 does (s3rver 3.7
 * ignores both and stores whatever arrives).
 */
export interface S3Options {
  readonly buckets?: readonly string[];
  /** PUTs to a path (`/<bucket>/<key>`) matching this are answered 500 InternalError. */
  readonly failPutsTo?: RegExp;
  /** Flips a byte of every PUT body before the digest checks, as a fault in transit would. */
  readonly corruptPutBodies?: boolean;
  /**
   * Answers a GET or HEAD of a missing key 403 AccessDenied instead of 404 NoSuchKey, as S3 does
   * for a caller without s3:ListBucket (the function's role).
   */
  readonly missingKeysForbidden?: boolean;
}

export async function startS3(options: S3Options = {}): Promise<RunningS3> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name, configs: [] })),
  });
  const { port: s3rverPort } = await server.run();
  const upstream = upstreamOf(s3rverPort);
  const front = createServer((req, res) => {
    checkDigestsAndForward(req, res, upstream, options).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  const pool = clientPool(endpoint);

  return {
    endpoint,
    directory,
    client: pool.client,
    close: async () => {
      pool.destroyAll();
      upstream.client.destroy();
      // SDK clients keep sockets alive; close() alone would wait for them to time out.
      const frontClosed = new Promise<void>((resolve) => front.close(() => resolve()));
      front.closeAllConnections();
      const closed = server.close();
      server.httpServer?.closeAllConnections();
      await Promise.all([frontClosed, closed]);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Real S3 clients for `endpoint`, remembered so that closing the server can free their sockets. */
function clientPool(endpoint: string) {
  const clients: S3Client[] = [];
  return {
    client: (overrides: Partial<S3ClientConfig> = {}) => {
      const client = new S3Client({ ...localS3ClientConfig(endpoint), ...overrides });
      clients.push(client);
      return client;
    },
    destroyAll: () => {
      for (const client of clients) client.destroy();
    },
  };
}

/** An S3 whose every answer is `status` with S3's InternalError XML, to test failure handling. */
export async function startFailingS3(status = 500): Promise<{
  readonly endpoint: string;
  /** How many requests arrived (the SDK retries 5xx, so this counts attempts). */
  readonly requestCount: () => number;
  client(overrides?: Partial<S3ClientConfig>): S3Client;
  close(): Promise<void>;
}> {
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    req.resume();
    const requestId = `LOCAL${count.toString().padStart(11, '0')}`;
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code>' +
      '<Message>We encountered an internal error. Please try again.</Message>' +
      `<Resource>${escapeXml(req.url ?? '/')}</Resource><RequestId>${requestId}</RequestId></Error>`;
    res.writeHead(status, {
      'content-type': 'application/xml',
      'content-length': Buffer.byteLength(body),
      'x-amz-request-id': requestId,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pool = clientPool(endpoint);

  return {
    endpoint,
    requestCount: () => count,
    client: pool.client,
    close: async () => {
      pool.destroyAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** s3rver behind the front: its port, a client of its own, and one lock per key. */
interface Upstream {
  readonly port: number;
  /** Signs the front's own HeadObject calls (s3rver checks every signature). */
  readonly client: S3Client;
  /** The conditional writes in progress, by `/<bucket>/<key>`: one at a time per key, as on S3. */
  readonly locks: Map<string, Promise<void>>;
}

function upstreamOf(port: number): Upstream {
  return {
    port,
    client: new S3Client(localS3ClientConfig(`http://127.0.0.1:${port}`)),
    locks: new Map(),
  };
}

/** The bucket and key of a path-style request, `/<bucket>/<key>`. */
function objectOf(url: string | undefined): { bucket: string; key: string } | undefined {
  const path = new URL(url ?? '/', 'http://s3').pathname;
  const m = /^\/([^/]+)\/(.+)$/.exec(path);
  return m?.[1] && m[2]
    ? { bucket: decodeURIComponent(m[1]), key: decodeURIComponent(m[2]) }
    : undefined;
}

/** The ETag s3rver holds for an object, or undefined when there is none. */
async function currentEtag(upstream: Upstream, bucket: string, key: string) {
  try {
    return (await upstream.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Runs `work` holding the lock of one object key. S3 shows a write all at once, but s3rver writes
 * a file in place, so a read during a write could see half an object or none: every request to
 * an object key takes its turn (and a conditional write's check and write happen in one turn).
 */
async function withKeyLock(upstream: Upstream, lockKey: string, work: () => Promise<void>) {
  const before = upstream.locks.get(lockKey) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = before.then(() => mine);
  upstream.locks.set(lockKey, tail);
  await before;
  try {
    await work();
  } finally {
    release();
    if (upstream.locks.get(lockKey) === tail) upstream.locks.delete(lockKey);
  }
}

/**
 * S3's conditional writes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html),
 * which s3rver lacks: `If-None-Match: *` → 412 when the key exists; `If-Match: <etag>` → 404
 * NoSuchKey when it does not, 412 when its ETag differs. Called holding the key's lock.
 */
async function conditionalPut(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: Upstream,
  target: { bucket: string; key: string },
  forward: () => Promise<void>,
): Promise<void> {
  const ifNoneMatch = req.headers['if-none-match'];
  const ifMatch = req.headers['if-match'];
  if (ifNoneMatch === undefined && ifMatch === undefined) return forward();
  if (ifNoneMatch !== undefined && ifNoneMatch !== '*') {
    return sendS3Error(res, 501, 'NotImplemented', 'If-None-Match only accepts *.');
  }
  const etag = await currentEtag(upstream, target.bucket, target.key);
  if (ifNoneMatch === '*' && etag !== undefined) {
    return sendS3Error(res, 412, 'PreconditionFailed', PRECONDITION_MESSAGE);
  }
  if (ifMatch !== undefined && etag === undefined) {
    return sendS3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
  }
  if (ifMatch !== undefined && ifMatch !== etag) {
    return sendS3Error(res, 412, 'PreconditionFailed', PRECONDITION_MESSAGE);
  }
  await forward();
}

const PRECONDITION_MESSAGE = 'At least one of the pre-conditions you specified did not hold';

/** Buffers the body, answers S3's digest errors itself, else replays the request to s3rver. */
async function checkDigestsAndForward(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: Upstream,
  options: S3Options,
) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const put = req.method === 'PUT' && body.length > 0;
  if (
    put &&
    options.failPutsTo?.test(decodeURIComponent(new URL(req.url ?? '/', 'http://s3').pathname))
  ) {
    return sendS3Error(
      res,
      500,
      'InternalError',
      'We encountered an internal error. Please try again.',
    );
  }
  if (put && options.corruptPutBodies) body[0] = (body[0] ?? 0) ^ 0x01;
  const md5 = req.headers['content-md5'];
  const sha256 = req.headers['x-amz-checksum-sha256'];
  // Error codes and texts: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
  if (typeof md5 === 'string' && Buffer.from(md5, 'base64').length !== 16) {
    return sendS3Error(res, 400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
  }
  if (typeof md5 === 'string' && createHash('md5').update(body).digest('base64') !== md5) {
    return sendS3Error(
      res,
      400,
      'BadDigest',
      'The Content-MD5 you specified did not match what we received.',
    );
  }
  if (typeof sha256 === 'string' && createHash('sha256').update(body).digest('base64') !== sha256) {
    return sendS3Error(
      res,
      400,
      'BadDigest',
      'The SHA256 you specified did not match the calculated checksum.',
    );
  }
  const forward = () => forwardTo(upstream.port, req, res, body, options);
  const target = objectOf(req.url);
  if (target === undefined) return forward();
  return withKeyLock(upstream, `/${target.bucket}/${target.key}`, () =>
    req.method === 'PUT' ? conditionalPut(req, res, upstream, target, forward) : forward(),
  );
}

/** Replays the request to s3rver and its answer to the client; resolves when the answer is sent. */
function forwardTo(
  port: number,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  options: S3Options,
): Promise<void> {
  return new Promise((resolve) => {
    // A client that goes away mid-answer must not keep the key locked.
    res.once('close', () => resolve());
    // Same method, path and headers (Host included), so s3rver's SigV4 check still passes.
    const upstream = request({
      host: '127.0.0.1',
      port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    });
    upstream.on('response', (answer) => {
      const read = req.method === 'GET' || req.method === 'HEAD';
      if (options.missingKeysForbidden && read && answer.statusCode === 404 && objectOf(req.url)) {
        answer.resume();
        sendS3Error(res, 403, 'AccessDenied', 'Access Denied');
        resolve();
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => resolve());
      answer.on('error', () => resolve());
    });
    upstream.on('error', () => {
      res.destroy();
      resolve();
    });
    upstream.end(body);
  });
}

function sendS3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
