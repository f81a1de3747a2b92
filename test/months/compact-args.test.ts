import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import { parseCompactArgs } from '../../functions/months/compact-args.js';

describe('parseCompactArgs', () => {
  it('rejects an unknown flag as a usage error, keeping what node:util said as the cause', () => {
    const parse = () => parseCompactArgs(['--days', '3']);
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow("Unknown option '--days' (see --help)");
    expect(parse).toThrow(
      expect.objectContaining({
        cause: expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }),
      }),
    );
  });
});
