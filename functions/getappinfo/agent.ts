/** The one undici Agent getappinfo calls go through: keep-alive, shared by every call of a run. */
import { Agent } from 'undici';

/**
 * How long a connection to getappinfo may take to open, TLS handshake included. undici's default
 * is 10 s, as long as a whole attempt: with 3 s, a stalled handshake fails as a retryable network
 * error and leaves the rest of the time to the retries. (An attempt whose timeout comes first ends
 * then: its abort signal cuts the handshake too.) A handshake to Tencent takes well under a
 * second, even across regions.
 */
export const CONNECT_TIMEOUT_MS = 3_000;

/**
 * A keep-alive Agent for the getappinfo calls of a run (and, in Lambda, of warm invocations).
 * It has no cap of its own on connections per origin: the run's concurrency is the cap.
 */
export function getAppInfoAgent(): Agent {
  return new Agent({ keepAliveTimeout: 10_000, connect: { timeout: CONNECT_TIMEOUT_MS } });
}
