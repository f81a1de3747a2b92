/** Every generated block of the docs, for `npm run docs` and the test that keeps them fresh. */
import { COLUMN_TABLE } from './column-table.js';
import { COST_TABLE } from './cost-table.js';
import type { GeneratedBlock } from './generated-block.js';
import { QUERY_SAMPLES } from './query-samples.js';
import { SETTINGS_TABLE } from './settings-table.js';

export const BLOCKS: readonly GeneratedBlock[] = [
  COLUMN_TABLE,
  QUERY_SAMPLES,
  SETTINGS_TABLE,
  COST_TABLE,
];
