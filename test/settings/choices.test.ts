import { describe, expect, it } from 'vitest';
import {
  parseAppMetrics,
  parseEgress,
  parseSlackChannel,
  parseTeamsChannel,
  parseTopicKey,
} from '../../functions/settings/choices.js';

const KEY_ARN = 'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY = 'chat-opsdata:topicKey';

describe('parseTopicKey', () => {
  it.each([
    ['none', { kind: 'none' }],
    ['', { kind: 'none' }],
    [' create ', { kind: 'create' }],
    [KEY_ARN, { kind: 'arn', arn: KEY_ARN }],
    [
      'arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef',
      {
        kind: 'arn',
        arn: 'arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef',
      },
    ],
  ])('reads %j', (value, expected) => {
    expect(parseTopicKey(value, KEY)).toEqual(expected);
  });

  it.each([
    ['Create'],
    ['arn:aws:kms:ap-southeast-1:123456789012:alias/ops'],
    ['1234abcd-12ab-34cd-56ef-1234567890ab'],
    [`${KEY_ARN}x`],
  ])('rejects %j, naming the key and the three forms', (value) => {
    expect(() => parseTopicKey(value, KEY)).toThrow(
      expect.objectContaining({
        field: KEY,
        message: `chat-opsdata:topicKey must be "none", "create" or a KMS key ARN such as ${KEY_ARN}`,
      }),
    );
  });

  it('says that an alias is not accepted', () => {
    expect(() => parseTopicKey('alias/aws/sns', KEY)).toThrow(
      expect.objectContaining({
        field: KEY,
        message: `chat-opsdata:topicKey must be "none", "create" or a KMS key ARN such as ${KEY_ARN} (an alias is not accepted: give the key ARN it points to)`,
      }),
    );
  });

  it('rejects what is not text', () => {
    expect(() => parseTopicKey(true, KEY)).toThrow('chat-opsdata:topicKey must be a string');
  });
});

describe('parseAppMetrics', () => {
  it.each([['all'], ['key'], ['none']])('takes %s', (value) => {
    expect(parseAppMetrics(` ${value}`, 'APP_METRICS')).toBe(value);
  });

  it('rejects another word, listing the three', () => {
    expect(() => parseAppMetrics('some', 'APP_METRICS')).toThrow(
      expect.objectContaining({
        field: 'APP_METRICS',
        message: 'APP_METRICS must be one of all, key, none',
      }),
    );
  });
});

describe('parseSlackChannel', () => {
  const F = 'chat-opsdata:slack';

  it('is none for {} and for empty or blank text', () => {
    expect(parseSlackChannel({}, F)).toBeUndefined();
    expect(parseSlackChannel('', F)).toBeUndefined();
    expect(parseSlackChannel(' \n', F)).toBeUndefined();
    expect(parseSlackChannel('{}', F)).toBeUndefined();
  });

  it('takes an object from cdk.json or JSON text from -c, trimmed', () => {
    const channel = { workspaceId: 'T0123ABCD', channelId: 'C0123456789' };
    expect(parseSlackChannel({ workspaceId: ' T0123ABCD ', channelId: 'C0123456789' }, F)).toEqual(
      channel,
    );
    expect(parseSlackChannel(JSON.stringify(channel), F)).toEqual(channel);
  });

  it.each([
    [
      { workspaceId: 'T0123ABCD' },
      'chat-opsdata:slack.channelId must be an ID such as C0123456789',
    ],
    [
      { workspaceId: 't-lower', channelId: 'C0123456789' },
      'chat-opsdata:slack.workspaceId must be an ID such as T0123ABCD',
    ],
    [
      { workspaceId: 'T0123ABCD', channelId: '#ops' },
      'chat-opsdata:slack.channelId must be an ID such as C0123456789',
    ],
    [
      { workspaceId: 'T0123ABCD', channelId: 'C0123456789', channel: 'ops' },
      'chat-opsdata:slack takes workspaceId, channelId; not "channel"',
    ],
    ['#ops', 'chat-opsdata:slack must be a JSON object'],
    [['T0123ABCD'], 'chat-opsdata:slack must be a JSON object'],
  ])('rejects %j, naming the field', (value, message) => {
    expect(() => parseSlackChannel(value, F)).toThrow(message);
  });

  it.each([
    ['{"workspaceId": "T0123ABCD"', 'chat-opsdata:slack must be a JSON object'],
    ['"ops"', 'chat-opsdata:slack must be a JSON object'],
    [
      { workspaceId: 'T0123ABCD', channelId: 'C0123456789', channel: 'ops', team: 'T1' },
      'chat-opsdata:slack takes workspaceId, channelId; not "channel", "team"',
    ],
  ])('rejects %j as a whole, naming the key itself', (value, message) => {
    expect(() => parseSlackChannel(value, F)).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: F, message }),
    );
  });
});

describe('parseTeamsChannel', () => {
  const F = 'chat-opsdata:teams';
  const TEAM = '6f3c1a2b-0000-4000-8000-000000000001';
  const TENANT = '6f3c1a2b-0000-4000-8000-000000000002';

  it('URL-encodes the channel ID Teams copies, as CloudFormation takes it', () => {
    expect(
      parseTeamsChannel(
        {
          teamId: TEAM,
          tenantId: TENANT,
          channelId: '19:b6ef35dc342d56ba5654e6fc6d25a071@thread.tacv2',
        },
        F,
      ),
    ).toEqual({
      teamId: TEAM,
      tenantId: TENANT,
      channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
    });
  });

  it('takes the channel ID with the blanks a copy brings, trimmed', () => {
    expect(
      parseTeamsChannel(
        { teamId: TEAM, tenantId: TENANT, channelId: ' 19:b6ef35dc342d56ba@thread.tacv2\n' },
        F,
      )?.channelId,
    ).toBe('19%3ab6ef35dc342d56ba%40thread.tacv2');
  });

  it('keeps a channel ID that is already encoded', () => {
    const channelId = '19%3Ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2';
    expect(parseTeamsChannel({ teamId: TEAM, tenantId: TENANT, channelId }, F)?.channelId).toBe(
      channelId,
    );
  });

  it.each([
    [{ teamId: 'team', tenantId: TENANT, channelId: '19:a@thread.tacv2' }, `${F}.teamId`],
    [{ teamId: TEAM, tenantId: TENANT, channelId: 'General' }, `${F}.channelId`],
    [{ teamId: TEAM, channelId: '19:a@thread.tacv2' }, `${F}.tenantId`],
    [{ teamId: TEAM, tenantId: TENANT, channelId: 19 }, `${F}.channelId`],
  ])('rejects %j, naming %s', (value, field) => {
    expect(() => parseTeamsChannel(value, F)).toThrow(
      expect.objectContaining({ name: 'ConfigError', field }),
    );
  });

  it.each([
    [
      'teamId',
      { teamId: 'team', tenantId: TENANT },
      '00000000-0000-0000-0000-000000000000 (a UUID)',
    ],
    ['tenantId', { teamId: TEAM, tenantId: 'x' }, '00000000-0000-0000-0000-000000000000 (a UUID)'],
    [
      'channelId',
      { teamId: TEAM, tenantId: TENANT, channelId: 'General' },
      '19:0123abcd…@thread.tacv2',
    ],
  ])('says what a %s looks like', (name, value, example) => {
    expect(() => parseTeamsChannel({ channelId: '19:a@thread.tacv2', ...value }, F)).toThrow(
      `${F}.${name} must be an ID such as ${example}`,
    );
  });
});

describe('parseEgress', () => {
  it.each([
    [false, 'off'],
    ['false', 'off'],
    [true, 'instance'],
    ['true', 'instance'],
    ['instance', 'instance'],
    ['gateway', 'gateway'],
    // `-c chat-opsdata:fixedEgressIp=` with nothing after it.
    ['', 'off'],
  ])('reads %j as %s', (value, expected) => {
    expect(parseEgress(value, 'chat-opsdata:fixedEgressIp')).toBe(expected);
  });

  it.each([['nat'], [1], ['Gateway']])('rejects %j, naming the key and the values', (value) => {
    expect(() => parseEgress(value, 'chat-opsdata:fixedEgressIp')).toThrow(
      expect.objectContaining({
        field: 'chat-opsdata:fixedEgressIp',
        message:
          'chat-opsdata:fixedEgressIp must be false, true (a NAT instance), "instance" or "gateway" (a managed NAT gateway)',
      }),
    );
  });
});
