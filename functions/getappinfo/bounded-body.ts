/** Reads a getappinfo response body with an upper bound, refusing a larger one while it streams in. */
import { ResponseFormatError } from '../core/errors.js';
import { excerpt } from './response.js';

/**
 * The largest getappinfo answer accepted. A real one is about 25 KB (30 days × 32 fields); 512 KiB
 * leaves room for 20 times that (new fields, long names), while an answer this big is not
 * getappinfo (a wrong endpoint, a proxy sending a file or looping). The bound is also what bounds
 * the memory an answer takes before its days are checked: the body is held twice (bytes, text) and
 * `JSON.parse` of 512 KiB of the smallest possible days (~26,000 `{"Date":"…"}`) builds ~2 MB —
 * a run with such an answer peaks a few MiB above a normal one (`npm run bench`), where 4 MiB of
 * them built ~21 MB.
 */
export const MAX_RESPONSE_BYTES = 512 * 1024;

/** What `readBoundedBody` needs of an undici response: its headers and its body stream. */
export interface StreamedResponse {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown };
}

/** The refusal; `announced` is the Content-Length when that is what gave the size away. */
function tooLarge(
  sdkAppId: number,
  limit: number,
  announced: number | undefined,
  start: string,
  userSig: string | undefined,
) {
  const size = announced === undefined ? 'more' : `${announced} bytes, more`;
  const bound = `${limit} bytes (${+(limit / 2 ** 20).toFixed(2)} MiB)`;
  return new ResponseFormatError(
    `getappinfo for app ${sdkAppId} answered ${size} than the ${bound} a getappinfo answer may take — a real one is about 25 KB: the endpoint is probably not getappinfo, or a proxy in between misbehaves`,
    { sdkAppId, excerpt: excerpt(start, userSig), retryable: false },
  );
}

/**
 * Reads `response.body` into memory, at most `limit` bytes. A `content-length` above the limit is
 * refused before any byte is read; a longer body is refused as soon as it passes the limit. Either
 * way the stream is destroyed, which closes the connection. `userSig` (the attempt's) is hidden in
 * the excerpt of a refused body.
 * @throws ResponseFormatError (not retryable) when the body is larger than `limit`.
 */
export async function readBoundedBody(
  response: StreamedResponse,
  sdkAppId: number,
  limit = MAX_RESPONSE_BYTES,
  userSig?: string,
): Promise<Uint8Array> {
  const announced = Number(response.headers['content-length']);
  if (announced > limit) {
    response.body.destroy();
    throw tooLarge(sdkAppId, limit, announced, '', userSig);
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of response.body) {
    length += chunk.byteLength;
    if (length > limit) {
      response.body.destroy();
      const start = Buffer.from(chunks[0] ?? chunk)
        .subarray(0, 200)
        .toString('utf8');
      throw tooLarge(sdkAppId, limit, undefined, start, userSig);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}
