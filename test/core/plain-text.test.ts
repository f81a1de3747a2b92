import { describe, expect, it } from 'vitest';
import { plainText } from '../../functions/core/plain-text.js';

describe('plainText', () => {
  it.each([
    ['Demo Chat', 'Demo Chat'],
    ['演示聊天 💬', '演示聊天 💬'],
    ['line\nbreak', 'line break'],
    ['forged\r\n  ok     1400009999  Fake', 'forged ok     1400009999  Fake'],
    ['tab\tand\u2028separator', 'tab and separator'],
    ['\u001b[2J\u001b[31mred\u001b[0m', 'red'],
    ['\u001b]0;owned window title\u0007after', 'after'],
    ['\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['\u001b]0;never terminated', ''],
    ['\u009b31m8-bit CSI', '8-bit CSI'],
    ['\u001bcreset', 'reset'],
    ['bell\u0007 and nul\u0000', 'bell\uFFFD and nul\uFFFD'],
    ['admin\u202Egnp.exe', 'admin\uFFFDgnp.exe'],
    ['\u2066isolate\u2069 \u200Fmark \u061Calm', '\uFFFDisolate\uFFFD \uFFFDmark \uFFFDalm'],
    ['c1\u0085next', 'c1 next'],
    [null, ''],
  ])('shows %j as %j', (input, expected) => {
    expect(plainText(input, 200)).toBe(expected);
  });

  it('trims the ends and gives nothing for no name', () => {
    expect(plainText('  Demo Chat \n')).toBe('Demo Chat');
    expect(plainText(undefined)).toBe('');
  });

  it('keeps a name exactly at the limit whole', () => {
    expect(plainText('a'.repeat(10), 10)).toBe('a'.repeat(10));
    expect(plainText('a'.repeat(11), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('cuts a long name to the limit with an ellipsis, counting characters not code units', () => {
    expect(plainText('💬'.repeat(100), 10)).toBe(`${'💬'.repeat(9)}…`);
  });

  it('leaves no control character and no bidi control in anything it returns', () => {
    const everything = Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i)).join('');
    expect(plainText(everything, 100_000)).not.toMatch(
      /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u,
    );
  });
});
