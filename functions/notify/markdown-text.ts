/**
 * Text from outside made literal in a chat platform's Markdown (WeCom's and DingTalk's, which
 * document no escape): the characters that would start markup are shown as look-alikes, so an app
 * named `**Sale**` or `<font color="red">` reads as written and formats nothing.
 */

const LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '∗',
  _: '＿',
  '`': 'ˋ',
  '[': '［',
  ']': '］',
  '<': '‹',
  '>': '›',
  '~': '∼',
  '\\': '＼',
  '&': '＆',
};

// Parentheses, `#`, `|` and `!` are markup only where a line starts or after `]`, which text from
// outside never is here: left as they are.
const MARKUP = /[*_`[\]<>~\\&]/g;

/** `text` (already one safe line, see core/plain-text.ts) with no character Markdown would act on. */
export function literalMarkdown(text: string): string {
  return text.replace(MARKUP, (ch) => LOOKALIKES[ch] ?? ch);
}
