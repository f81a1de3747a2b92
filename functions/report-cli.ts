/** `npm run report`: see `npm run report -- --help`. */
import { runReportCli } from './report/report-cli-app.js';

process.exitCode = await runReportCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
