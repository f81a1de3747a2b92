/** `npm start`: see `npm start -- --help`. */
import { runCli } from './cli/cli-app.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
