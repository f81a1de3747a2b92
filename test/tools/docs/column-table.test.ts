import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../../../functions/core/opsdata-schema.js';
import { namedQueries } from '../../../infra/athena-sql.js';
import { COLUMN_TABLE, columnTableMarkdown } from '../../../tools/docs/column-table.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** README.md and every Markdown file under docs/, relative to the repository root. */
function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to `-`, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Markdown without fenced code blocks and inline code, where brackets are not links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Relative link targets (`path`, `path#anchor`, `#anchor`) of a Markdown document. */
function relativeLinks(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z]+:/i.test(target));
}

describe('query docs', () => {
  it('list every column once, with its API field where it has one', () => {
    const lines = columnTableMarkdown().split('\n').slice(2);
    expect(lines).toHaveLength(COLUMNS.length + 1);
    expect(lines).toContain(
      '| `C2CAPNSMsgNum` | `c2c_apns_msg_num` | `bigint` | Number of pushed APNs messages (C2C) |',
    );
  });

  it('describe every saved query under a heading with its Athena name', () => {
    const headings = read(COLUMN_TABLE.doc)
      .split('\n')
      .filter((line) => line.startsWith('### '));
    for (const q of namedQueries('getappinfo_daily', 'getappinfo_months'))
      expect(headings).toContain(`### ${q.name}`);
  });
});

describe('docs links', () => {
  it.each(markdownFiles())('%s links only to files and headings that exist', (file) => {
    const broken: string[] = [];
    for (const target of relativeLinks(read(file))) {
      const [path = '', anchor] = target.split('#');
      const resolved = path === '' ? file : relative(ROOT, join(ROOT, dirname(file), path));
      if (!existsSync(join(ROOT, resolved))) {
        broken.push(`${target} (no file ${resolved})`);
      } else if (anchor !== undefined && !anchorsOf(read(resolved)).has(anchor)) {
        broken.push(`${target} (no heading #${anchor} in ${resolved})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
