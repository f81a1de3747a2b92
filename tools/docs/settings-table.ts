/** docs/deploy.md's table of context keys, generated from the settings table so it cannot drift. */
import { SETTINGS, type Setting } from '../../functions/settings/settings.js';
import type { GeneratedBlock } from './generated-block.js';

/** `""`, `10`, `{}`, `true`, `getappinfo`: a default as cdk.json holds it. */
function shownDefault(value: Setting<unknown>['default']): string {
  return `\`${typeof value === 'string' ? value || '""' : JSON.stringify(value)}\``;
}

/** Markdown table: context key → default → meaning, in the settings table's order. */
export function settingsTableMarkdown(): string {
  const rows = Object.values(SETTINGS as Readonly<Record<string, Setting<unknown>>>)
    .filter((s) => s.context !== undefined)
    .map((s) => `| \`${s.context}\` | ${shownDefault(s.default)} | ${s.doc} |`);
  return ['| Key | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export const SETTINGS_TABLE: GeneratedBlock = {
  name: 'settings',
  doc: 'docs/deploy.md',
  render: settingsTableMarkdown,
};
