import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config.js';
import { ChatOpsdataStack } from './stack.js';

/** The stack's construct id, and its CloudFormation name unless overridden. */
export const STACK_ID = 'ChatOpsdata';

/**
 * Builds the CDK app: one `ChatOpsdata` stack configured from context, checked by cdk-nag's
 * AwsSolutions pack, so that an unacknowledged finding fails the synth.
 */
export function buildApp(props: AppProps = {}): { app: App; stack: ChatOpsdataStack } {
  const app = new App(props);
  const config = readConfig((key) => app.node.tryGetContext(key));
  // Environment-agnostic: deploys to the account and region of the CLI's credentials.
  const stack = new ChatOpsdataStack(app, STACK_ID, {
    config,
    description: 'chat-opsdata: daily Tencent Cloud Chat getappinfo snapshots into S3',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
