import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BLOCKS } from '../../../tools/docs/blocks.js';
import { blockIn, markers, withBlock } from '../../../tools/docs/generated-block.js';

describe('the generated blocks of the docs', () => {
  it.each(BLOCKS.map((block) => [block.name, block.doc, block] as const))(
    '%s in %s is what its generator makes today',
    async (name, doc, block) => {
      const path = fileURLToPath(new URL(`../../../${doc}`, import.meta.url));
      expect(
        blockIn(await readFile(path, 'utf8'), name),
        `the ${name} block in ${doc} is stale: run \`npm run docs -- ${name}\``,
      ).toBe((await block.render()).trim());
    },
  );

  it('has one block per name', () => {
    const names = BLOCKS.map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('withBlock', () => {
  const { start, end } = markers('columns');
  const doc = `# Q\n\n${start}\n| old |\n${end}\n\nafter\n`;

  it('replaces only the block between the markers, so a second run changes nothing', () => {
    const once = withBlock(doc, 'columns', '| new |');
    expect(once).toBe(`# Q\n\n${start}\n| new |\n${end}\n\nafter\n`);
    expect(withBlock(once, 'columns', '| new |')).toBe(once);
    expect(blockIn(once, 'columns')).toBe('| new |');
  });

  it('leaves the blocks of other names alone', () => {
    const two = `${doc}${markers('samples').start}\nkept\n${markers('samples').end}\n`;
    expect(blockIn(withBlock(two, 'columns', 'x'), 'samples')).toBe('kept');
  });

  it('rejects a document without the markers, naming them', () => {
    expect(() => withBlock('# Q\n', 'columns', '| new |')).toThrow(start);
    expect(blockIn('# Q\n', 'columns')).toBeUndefined();
  });
});
