import { Aws } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SlackChannel, TeamsChannel } from '../../functions/settings/choices.js';

export interface ChatAlarmsProps {
  /** The alarm topic the channels subscribe to. */
  readonly topic: sns.ITopic;
  /** `chat-opsdata:slack`; none when undefined. */
  readonly slack?: SlackChannel;
  /** `chat-opsdata:teams`; none when undefined. */
  readonly teams?: TeamsChannel;
}

/**
 * The AWS managed policy that denies every action. As a channel's guardrail it caps what anyone
 * in the channel could do through the channel's role at nothing, whatever the role is given later.
 */
export const DENY_ALL_GUARDRAIL = `arn:${Aws.PARTITION}:iam::aws:policy/AWSDenyAll`;

/**
 * The alarms in a Slack channel or a Microsoft Teams channel, through AWS Chatbot (Amazon Q
 * Developer in chat applications, no charge of its own): each channel subscribes to the alarm
 * topic and only reads it. Its role holds no permission and its guardrail allows nothing, because
 * without a guardrail Chatbot applies AdministratorAccess, and anyone in the channel could run
 * commands with the role's permissions.
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/understanding-permissions.html
 */
export class ChatAlarms extends Construct {
  /** Assumed by Chatbot; holds no policy (reading a notification needs none). */
  readonly role: iam.Role;
  readonly slack: chatbot.CfnSlackChannelConfiguration | undefined;
  readonly teams: chatbot.CfnMicrosoftTeamsChannelConfiguration | undefined;

  constructor(scope: Construct, id: string, props: ChatAlarmsProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
      description: 'chat-opsdata alarms in chat: no permissions, notifications only',
    });
    const common = {
      iamRoleArn: this.role.roleArn,
      snsTopicArns: [props.topic.topicArn],
      guardrailPolicies: [DENY_ALL_GUARDRAIL],
      loggingLevel: 'NONE',
      userRoleRequired: false,
    };
    if (props.slack !== undefined) {
      this.slack = new chatbot.CfnSlackChannelConfiguration(this, 'Slack', {
        ...common,
        // Unique in the account (the region keeps two deployments apart).
        configurationName: `${Aws.STACK_NAME}-${Aws.REGION}-alarms`,
        slackWorkspaceId: props.slack.workspaceId,
        slackChannelId: props.slack.channelId,
      });
    }
    if (props.teams !== undefined) {
      this.teams = new chatbot.CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
        ...common,
        configurationName: `${Aws.STACK_NAME}-${Aws.REGION}-alarms-teams`,
        teamId: props.teams.teamId,
        teamsTenantId: props.teams.tenantId,
        teamsChannelId: props.teams.channelId,
      });
    }
  }
}
