/**
 * The stack's settings, read from cdk.json `context` (or `cdk deploy -c key=value`) through the
 * settings table the function and the CLI share (functions/settings/settings.ts), so the stack
 * never deploys a value the function rejects.
 */
import {
  checkSetting,
  SETTINGS,
  type SettingName,
  type SettingValue,
} from '../functions/settings/settings.js';

/** The settings the stack reads from context (those with a `context` key in the table). */
export type ContextSettingName = {
  [N in SettingName]: (typeof SETTINGS)[N] extends { readonly context: string } ? N : never;
}[SettingName];

/** A context key, e.g. `chat-opsdata:scheduleHour`. */
export type ContextKey = (typeof SETTINGS)[ContextSettingName]['context'];

/** Deployment settings, checked, by the table's names. */
export type OpsdataConfig = { readonly [N in ContextSettingName]: SettingValue<N> };

const CONTEXT_SETTINGS = (Object.keys(SETTINGS) as SettingName[]).filter(
  (name): name is ContextSettingName => 'context' in SETTINGS[name],
);

/** Every context key with its default, as cdk.json holds them. */
export const CONTEXT_DEFAULTS = Object.fromEntries(
  CONTEXT_SETTINGS.map((name) => [SETTINGS[name].context, SETTINGS[name].default]),
) as Readonly<Record<ContextKey, unknown>>;

/**
 * Checks and normalizes the stack's context values.
 *
 * @param get returns the raw context value for a key (`node.tryGetContext`), `undefined` if unset
 * @throws ConfigError naming the key whose value is not valid
 */
export function readConfig(get: (key: ContextKey) => unknown): OpsdataConfig {
  return Object.fromEntries(
    CONTEXT_SETTINGS.map((name) => {
      const key = SETTINGS[name].context;
      // Only an unset key means the default: "" is a value, which is "none" or is rejected.
      return [name, checkSetting(name, get(key) ?? SETTINGS[name].default, key)];
    }),
  ) as unknown as OpsdataConfig;
}
