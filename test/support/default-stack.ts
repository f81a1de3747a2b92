/**
 * The stack with cdk.json's defaults, synthesized once per test file, and the logical ids of its
 * main resources, for the template tests of each construct.
 */
import type { IConstruct } from 'constructs';
import { type Synthesized, synth } from '../../tools/harness/synth.js';

export type ResourceName =
  | 'fn'
  | 'role'
  | 'logs'
  | 'bucket'
  | 'accessLogs'
  | 'secret'
  | 'dlq'
  | 'schedule'
  | 'schedulerRole'
  | 'topic'
  | 'dayIncomplete'
  | 'deadLetters'
  | 'silence'
  | 'table'
  | 'workGroup'
  | 'queryPolicy';

export interface DefaultStack {
  readonly s: Synthesized;
  readonly ids: Readonly<Record<ResourceName, string>>;
}

let cached: DefaultStack | undefined;

/** The default stack (with real esbuild bundling when `bundle`), synthesized on the first call. */
export function defaultStack(bundle = false): DefaultStack {
  if (cached !== undefined && !bundle) return cached;
  const s = synth({}, bundle);
  const { stack, idOf } = s;
  const find = (path: string) => {
    let node: IConstruct | undefined = stack;
    for (const part of path.split('/')) node = node?.node.tryFindChild(part);
    if (node === undefined) throw new Error(`no construct ${path}`);
    return idOf(node);
  };
  const built: DefaultStack = {
    s,
    ids: {
      fn: idOf(stack.fn),
      role: find('SnapshotFunction/Role'),
      logs: find('SnapshotFunction/Logs'),
      bucket: idOf(stack.bucket),
      accessLogs: find('Storage/AccessLogs'),
      secret: find('AppSecret'),
      dlq: find('DailySchedule/DeadLetterQueue'),
      schedule: idOf(stack.schedule),
      schedulerRole: find('DailySchedule/Role'),
      topic: idOf(stack.alarms.topic),
      dayIncomplete: idOf(stack.alarms.dayIncomplete),
      deadLetters: idOf(stack.alarms.deadLetters),
      silence: idOf(stack.alarms.silence),
      table: idOf(stack.analytics.table),
      workGroup: idOf(stack.analytics.workGroup),
      queryPolicy: idOf(stack.analytics.queryPolicy),
    },
  };
  if (!bundle) cached = built;
  return built;
}

/** `{ "Fn::GetAtt": [id, attr] }`. */
export const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });

/** The ARN of the objects under `suffix` of the bucket `id`, as CloudFormation writes it. */
export const objects = (id: string, suffix: string) => ({
  'Fn::Join': ['', [getAtt(id), suffix]],
});
