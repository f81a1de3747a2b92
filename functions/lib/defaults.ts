/**
 * The defaults the function, the CLI and the stack share, so a value changes in one place.
 * Nothing here reads the environment.
 */

/** First segment of the snapshot keys: `<prefix>/dt=…` and `raw/<prefix>/dt=…`. */
export const DEFAULT_PREFIX = 'getappinfo';

/** The run date's time zone: getappinfo's days are Beijing days. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
