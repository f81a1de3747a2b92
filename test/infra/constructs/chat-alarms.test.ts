/** chat-opsdata:slack and chat-opsdata:teams: the alarm topic in a chat channel through AWS Chatbot. */
import { beforeAll, describe, expect, it } from 'vitest';
import { resource, roleStatements, type Synthesized, synth } from '../../../tools/harness/synth.js';

const SLACK = { workspaceId: 'T0123ABCD', channelId: 'C0123456789' };
const TEAMS = {
  teamId: '6f3c1a2b-0000-4000-8000-000000000001',
  tenantId: '6f3c1a2b-0000-4000-8000-000000000002',
  channelId: '19:b6ef35dc342d56ba5654e6fc6d25a071@thread.tacv2',
};
const DENY_ALL = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSDenyAll']],
};

let plain: Synthesized;
let both: Synthesized;

beforeAll(() => {
  plain = synth();
  both = synth({ 'chat-opsdata:slack': SLACK, 'chat-opsdata:teams': JSON.stringify(TEAMS) });
});

const only = (s: Synthesized, type: string) => {
  const found = Object.values(s.template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0]?.Properties;
};

describe('alarms in chat', () => {
  it('are off by default: no Chatbot configuration and no role for it', () => {
    plain.template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    plain.template.resourceCountIs('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 0);
    expect(plain.stack.chatAlarms).toBeUndefined();
  });

  it('subscribe the Slack channel to the alarm topic, reading only, with a guardrail that allows nothing', () => {
    const roleId = both.idOf(both.stack.chatAlarms?.role as never);
    expect(only(both, 'AWS::Chatbot::SlackChannelConfiguration')).toEqual({
      ConfigurationName: {
        'Fn::Join': ['', [{ Ref: 'AWS::StackName' }, '-', { Ref: 'AWS::Region' }, '-alarms']],
      },
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0123456789',
      SnsTopicArns: [{ Ref: both.idOf(both.stack.alarms.topic) }],
      IamRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
      GuardrailPolicies: [DENY_ALL],
      LoggingLevel: 'NONE',
      UserRoleRequired: false,
    });
  });

  it('subscribe the Teams channel the same way, its channel ID URL-encoded', () => {
    expect(only(both, 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration')).toMatchObject({
      TeamId: TEAMS.teamId,
      TeamsTenantId: TEAMS.tenantId,
      TeamsChannelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
      SnsTopicArns: [{ Ref: both.idOf(both.stack.alarms.topic) }],
      GuardrailPolicies: [DENY_ALL],
    });
  });

  it('share one role that only Chatbot may assume and that holds no permission', () => {
    const roleId = both.idOf(both.stack.chatAlarms?.role as never);
    const role = resource(both.template, roleId);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'chatbot.amazonaws.com' },
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(roleStatements(both.template, roleId)).toEqual([]);
  });
});
