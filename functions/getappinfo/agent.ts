/** The one undici Agent getappinfo calls go through: keep-alive, shared by every call of a run. */
import { Agent } from 'undici';

/**
 * A keep-alive Agent for the getappinfo calls of a run (and, in Lambda, of warm invocations).
 * It has no cap of its own on connections per origin: the run's concurrency is the cap.
 */
export function getAppInfoAgent(): Agent {
  return new Agent({ keepAliveTimeout: 10_000 });
}
