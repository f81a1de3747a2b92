/** The one undici Agent getappinfo calls go through: keep-alive, shared by every call of a run. */
import { Agent } from 'undici';

/**
 * How long a connection to getappinfo may take to open, TLS handshake included. undici's default
 * is 10 s, and an attempt's abort signal does not cut a handshake in progress: this bounds the
 * socket a stalled handshake holds (the attempt itself still ends at its own timeout, see
 * `client.ts`). A handshake to Tencent takes well under a second, even across regions.
 */
export const CONNECT_TIMEOUT_MS = 3_000;

/**
 * A keep-alive Agent for the getappinfo calls of a run (and, in Lambda, of warm invocations).
 * It has no cap of its own on connections per origin: the run's concurrency is the cap.
 */
export function getAppInfoAgent(): Agent {
  return new Agent({ keepAliveTimeout: 10_000, connect: { timeout: CONNECT_TIMEOUT_MS } });
}
