/**
 * `npm run docs [-- <block>...]`: rewrites the generated blocks of the docs (all of them, or the
 * ones named: columns, samples, settings, cost), each between its `<!-- name:start -->` and
 * `<!-- name:end -->` markers. Run it after changing what a block is made from (the schema, the
 * SQL, the simulator's data, the settings table); a test fails while a block is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BLOCKS } from './blocks.js';
import { withBlock } from './generated-block.js';

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BLOCKS.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown block ${unknown.join(', ')}; blocks: ${BLOCKS.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
for (const block of BLOCKS.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
  const path = fileURLToPath(new URL(`../../${block.doc}`, import.meta.url));
  const before = await readFile(path, 'utf8');
  const after = withBlock(before, block.name, await block.render());
  if (after !== before) await writeFile(path, after);
  console.log(
    `${block.doc}: ${block.name} ${after === before ? 'already up to date' : 'rewritten'}`,
  );
}
