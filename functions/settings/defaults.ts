/**
 * The defaults the function, the CLI and the stack share, so a value changes in one place.
 * Nothing here reads the environment.
 */

/** First segment of the snapshot keys: `<prefix>/dt=…` and `raw/<prefix>/dt=…`. */
export const DEFAULT_PREFIX = 'getappinfo';

/** The run date's time zone: getappinfo's days are Beijing days. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** getappinfo attempts per app and run, the first included (the client's default). */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * How many apps one run fetches at once. Measured (`npm run bench`, bench/scale.ts): at 8 a
 * 1,000-app run takes close to the ideal apps ÷ 8 × latency; more only helps when the calls are
 * slow, and the Lambda's CPU (0.15 vCPU at 256 MB) then becomes the limit. See docs/design.md.
 */
export const DEFAULT_CONCURRENCY = 8;
