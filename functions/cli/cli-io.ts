/**
 * What the commands (`npm start`, `npm run report`, `npm run compact`) share: where their lines go, and how an
 * error becomes an exit status and one line that says what to do.
 */
import { ConfigError, OpsdataError } from '../core/errors.js';

/** Where a command writes its lines (the terminal, or a test's arrays). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit statuses: 0 done, 1 a failure at run time, 2 usage or configuration error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Says what went wrong and returns the exit status: 2 with the message for a configuration error,
 * 1 with the message for another error of ours (`hint` may add what to do), and 1 with the stack
 * for anything else (a bug: the stack is for the bug report).
 */
export function reportError(
  command: string,
  error: unknown,
  io: CliIo,
  hint: (error: OpsdataError) => string = () => '',
): number {
  if (error instanceof ConfigError) {
    io.stderr(`${command}: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof OpsdataError) {
    io.stderr(`${command}: ${error.message}${hint(error)}`);
    return EXIT.failed;
  }
  io.stderr(
    `${command}: unexpected error: ${error instanceof Error ? error.stack : String(error)}`,
  );
  return EXIT.failed;
}
