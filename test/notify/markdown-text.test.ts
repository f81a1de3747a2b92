import { describe, expect, it } from 'vitest';
import { literalMarkdown } from '../../functions/notify/markdown-text.js';

describe('literalMarkdown', () => {
  it.each([
    ['**Sale**', '∗∗Sale∗∗'],
    ['<font color="red">x</font>', '‹font color="red"›x‹/font›'],
    ['[click](https://evil.example)', '［click］(https://evil.example)'],
    ['`code` _it_ ~~s~~ a\\b', 'ˋcodeˋ ＿it＿ ∼∼s∼∼ a＼b'],
    ['Drop & Co', 'Drop ＆ Co'],
  ])('shows %j as look-alikes that format nothing', (text, literal) => {
    expect(literalMarkdown(text)).toBe(literal);
  });

  it('leaves plain names and our punctuation as they are', () => {
    expect(literalMarkdown('Demo Live (1400000002) — 99.5 % #1!')).toBe(
      'Demo Live (1400000002) — 99.5 % #1!',
    );
  });
});
