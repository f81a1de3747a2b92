/**
 * Stable, readable names for what people look for in the console and in their mail: the alarms
 * and the dashboard. Derived from the stack's name, so a second stack (`ChatOpsdata-Staging`)
 * gets names of its own, and a redeploy keeps them (CloudFormation's generated names carry a
 * random suffix, `ChatOpsdata-AlarmsAnomaliesC9B5CE6C-1A2B3C4D5E6F`).
 */
import { Aws, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** `ChatOpsdata-Silence`: unique in the stack's account and region (alarm names are regional). */
export function stackScopedName(scope: IConstruct, what: string): string {
  return `${Stack.of(scope).stackName}-${what}`;
}

/**
 * `ChatOpsdata-ap-southeast-1`: dashboards are global in an account, so the name carries the
 * region too, and stacks of one name in two regions do not write over each other's dashboard.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
 */
export function accountScopedName(_scope: IConstruct): string {
  return `${Aws.STACK_NAME}-${Aws.REGION}`;
}
