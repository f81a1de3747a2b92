/** The simulator's fault script: failures queued by tests, consumed in order by matching requests. */

/** Only requests for this SDKAppID consume the fault (default: any), `times` of them (default 1). */
interface FaultScope {
  readonly sdkAppId?: number;
  readonly times?: number;
}

/**
 * One scripted failure.
 * - `http`: answer with this status and body (default: nginx's 502 page).
 * - `reset`: destroy the socket with a TCP RST, answering nothing.
 * - `delay`: answer normally after `ms` (drives client timeouts).
 * - `error`: HTTP 200 with this ErrorCode, the general failure shape.
 * - `echo`: HTTP 200 with this ErrorCode and an ErrorInfo made from the request (its URL and
 *   query, UserSig included), as a proxy or a server that quotes what it was sent would answer.
 * - `truncate`: a dropped connection mid-body: headers announce the full Content-Length, half
 *   the body is sent, then the socket is destroyed — the client sees a premature close.
 * - `garbage`: a complete HTTP 200 whose body is exactly `body` (e.g. half a JSON document,
 *   or an HTML page), so the client sees a well-framed but malformed response.
 * - `huge`: an HTTP 200 of `bytes` bytes, streamed in chunks as the client takes them (never
 *   built in memory): a valid success document with no days, padded with JSON whitespace, so
 *   only its size is wrong. `contentLength: false` sends it chunked, without Content-Length.
 *   `onEnd` is told how many bytes were handed to the socket and whether the client took all.
 */
export type Fault = FaultScope &
  (
    | { readonly kind: 'http'; readonly status: number; readonly body?: string }
    | { readonly kind: 'reset' }
    | { readonly kind: 'delay'; readonly ms: number }
    | { readonly kind: 'error'; readonly errorCode: number; readonly errorInfo?: string }
    | {
        readonly kind: 'echo';
        readonly errorCode: number;
        readonly errorInfo: (request: {
          readonly url: string;
          readonly query: Readonly<Record<string, string>>;
        }) => string;
      }
    | { readonly kind: 'truncate' }
    | { readonly kind: 'garbage'; readonly body: string }
    | {
        readonly kind: 'huge';
        readonly bytes: number;
        readonly contentLength?: boolean;
        readonly onEnd?: (sentBytes: number, complete: boolean) => void;
      }
  );

/** The kinds of fault, as recorded in a request's outcome. */
export type FaultKind = Fault['kind'];

/** What nginx in front of the API sends when the upstream is down. */
export const NGINX_502_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** A FIFO of faults with remaining counts; `take` hands out the first one that matches. */
export class FaultQueue {
  readonly #entries: { fault: Fault; remaining: number }[] = [];

  /** Queues `fault` for its `times` (default 1) next matching requests. */
  push(fault: Fault): void {
    const remaining = fault.times ?? 1;
    if (!Number.isInteger(remaining) || remaining < 1) {
      throw new RangeError(`fault.times must be a positive integer, got ${remaining}`);
    }
    this.#entries.push({ fault, remaining });
  }

  /** Drops every queued fault (between tests). */
  clear(): void {
    this.#entries.length = 0;
  }

  /** Consumes one use of the first fault that applies to a request for `sdkAppId`. */
  take(sdkAppId: number | undefined): Fault | undefined {
    const index = this.#entries.findIndex(
      (e) => e.fault.sdkAppId === undefined || e.fault.sdkAppId === sdkAppId,
    );
    const entry = this.#entries[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.#entries.splice(index, 1);
    return entry.fault;
  }
}
