/**
 * A chat webhook from the secret's `notify` list: its kind, its URL (which carries a token) and,
 * for Feishu and DingTalk, an optional signing secret. The URL is never shown whole: a log line or
 * an error names the webhook by its place in the list and its redacted URL.
 */

export const WEBHOOK_KINDS = ['slack', 'wecom', 'feishu', 'dingtalk'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export interface Webhook {
  readonly kind: WebhookKind;
  /** The full URL, token included: a secret. */
  readonly url: string;
  /** Feishu's or DingTalk's "signature verification" secret: a secret. */
  readonly signingSecret?: string;
}

/** The kinds whose robots can check a timestamp + HMAC-SHA256 signature. */
export const SIGNED_KINDS: readonly WebhookKind[] = ['feishu', 'dingtalk'];

/** The most webhooks one secret may list: each is one POST per run. */
export const MAX_WEBHOOKS = 10;

/**
 * The hosts each platform's webhooks live on; Lark's domain works as Feishu's. A URL on another
 * kind's host is a mix-up the secret's check names. A host on no list (a relay, a private
 * deployment, the local test server) is taken as it is.
 */
export const PLATFORM_HOSTS: Readonly<Record<WebhookKind, readonly string[]>> = {
  slack: ['hooks.slack.com'],
  wecom: ['qyapi.weixin.qq.com'],
  feishu: ['open.feishu.cn', 'open.larksuite.com'],
  dingtalk: ['oapi.dingtalk.com'],
};

/** How people call each kind. */
export const PLATFORM_NAMES: Readonly<Record<WebhookKind, string>> = {
  slack: 'Slack',
  wecom: 'WeCom',
  feishu: 'Feishu/Lark',
  dingtalk: 'DingTalk',
};

/** The kind whose platform hosts `hostname`, if any. */
export function kindOfHost(hostname: string): WebhookKind | undefined {
  return WEBHOOK_KINDS.find((kind) => PLATFORM_HOSTS[kind].includes(hostname.toLowerCase()));
}

/**
 * The URL without what identifies the webhook: scheme, host and port, then `/…`. The path and
 * the query hold the token (Slack's and Feishu's in the path, WeCom's and DingTalk's in the query).
 */
export function redactWebhookUrl(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}/…`;
  } catch {
    return '(not a URL)';
  }
}

/** `notify[1] (wecom, https://qyapi.weixin.qq.com/…)`: a webhook named without its token. */
export function webhookLabel(index: number, webhook: Webhook): string {
  return `notify[${index}] (${webhook.kind}, ${redactWebhookUrl(webhook.url)})`;
}

/**
 * `text` with every part of the webhook that is secret replaced by `…`: the URL's path segments
 * and query values, and the signing secret — and any run of 8 or more token characters that is a
 * piece of one, so a platform that echoes a token cut short does not leak its start. For text from
 * outside (a platform's error message) that might repeat what it was sent.
 */
export function withoutSecrets(text: string, webhook: Webhook): string {
  const secrets: string[] = [webhook.url];
  if (webhook.signingSecret !== undefined) secrets.push(webhook.signingSecret);
  try {
    const url = new URL(webhook.url);
    secrets.push(
      url.pathname,
      url.search,
      ...url.pathname.split('/'),
      ...url.searchParams.values(),
    );
  } catch {
    // A URL the secret's check accepted always parses; nothing more to hide otherwise.
  }
  // A token is long or has digits; the path's words (`cgi-bin`, `webhook`, `send`) are neither.
  const tokens = secrets
    .filter((secret) => secret.length >= 12 || (secret.length >= 6 && /\d/.test(secret)))
    .sort((a, b) => b.length - a.length);
  const whole = tokens.reduce((out, secret) => out.split(secret).join('…'), text);
  return whole.replace(/[A-Za-z0-9+/=_-]{8,}/g, (word) =>
    tokens.some((secret) => secret.includes(word)) ? '…' : word,
  );
}
