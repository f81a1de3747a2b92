import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  collectQuerySamples,
  QUERY_SAMPLES_DOC,
  QUERY_SAMPLES_END,
  QUERY_SAMPLES_START,
  querySamplesMarkdown,
  withQuerySamples,
} from './query-samples.js';

/**
 * Rewrites the saved-query samples in docs/query.md (between the `samples:start` and
 * `samples:end` markers): the deployed SQL run by DuckDB over two simulator snapshots. Run it
 * after changing the SQL, the schema or the simulator's data.
 * Usage: npm run docs:samples
 */
const path = fileURLToPath(new URL(`../../${QUERY_SAMPLES_DOC}`, import.meta.url));
const samples = querySamplesMarkdown(await collectQuerySamples());
const before = readFileSync(path, 'utf8');
const after = withQuerySamples(before, samples);
if (after === before) {
  console.log(`${QUERY_SAMPLES_DOC}: saved-query samples already up to date`);
} else {
  writeFileSync(path, after);
  console.log(
    `${QUERY_SAMPLES_DOC}: saved-query samples rewritten between ${QUERY_SAMPLES_START} and ${QUERY_SAMPLES_END}`,
  );
}
