import { describe, expect, it } from 'vitest';
import { plainText } from '../../functions/core/plain-text.js';

describe('plainText', () => {
  it.each([
    ['Demo Chat', 'Demo Chat'],
    ['演示聊天 💬', '演示聊天 💬'],
    ['line\nbreak', 'line\uFFFDbreak'],
    ['\u001b[2J\u001b[31mred', '\uFFFD[2J\uFFFD[31mred'],
    ['admin\u202Egnp.exe', 'admin\uFFFDgnp.exe'],
    [null, ''],
  ])('shows %j as %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
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
});
