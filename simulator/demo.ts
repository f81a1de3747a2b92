/** The demo apps `npm start` and `npm run simulator` serve. */
import { reportedDays, type SimulatedApp } from './data.js';

/**
 * A wave of group spam on the newest reported day (as of the real clock): group messages up and
 * their fan-out ×10, so `npm start` shows the messages_spike rule at work. The totals stay the
 * sums the API reports (UpMsgNum = C2C + group, DownMsgNum likewise).
 */
function groupSpamOnNewestDay(row: Record<string, string>, date: string): Record<string, string> {
  if (date !== reportedDays(new Date())[0] || row.GroupUpMsgNum === undefined) return row;
  const times10 = (field: string) => Number(row[field] ?? 0) * 10;
  const groupUp = times10('GroupUpMsgNum');
  const groupDown = times10('GroupDownMsgNum');
  return {
    ...row,
    GroupUpMsgNum: String(groupUp),
    GroupDownMsgNum: String(groupDown),
    UpMsgNum: String(Number(row.C2CUpMsgNum ?? 0) + groupUp),
    DownMsgNum: String(Number(row.C2CDownMsgNum ?? 0) + groupDown),
  };
}

/**
 * Demo apps with the simulator's own keys: random hex made for this repository, not keys of any
 * real Chat app, so printing them (as `npm run simulator` does) gives nothing away.
 */
export const DEMO_APPS: readonly SimulatedApp[] = [
  {
    sdkAppId: 1400000001,
    adminIdentifier: 'administrator',
    secretKey: '68a4aaeedf917750640da55de647699fa0d898eee3325e854243ff9ed368f299',
    appName: 'Demo Chat',
    company: 'Example Corp',
  },
  {
    sdkAppId: 1400000002,
    adminIdentifier: 'administrator',
    secretKey: '51c4f46d619ee28f23d94be7caac6dfc408431030a4050159ad980fb6ad71fb7',
    appName: 'Demo Live',
    company: 'Example Corp',
    customize: groupSpamOnNewestDay,
  },
];

/** The secret JSON (the deployed secret's shape, with `endpoint`) that points at a simulator. */
export function demoSecret(endpoint: string, apps: readonly SimulatedApp[] = DEMO_APPS): string {
  return JSON.stringify({
    apps: apps.map((app) => ({
      sdkAppId: app.sdkAppId,
      identifier: app.adminIdentifier,
      secretKey: app.secretKey,
      endpoint,
    })),
  });
}

/**
 * The demo apps, then simulated ones (`Sim App 3`, …) up to `count`: what a deployment with many
 * apps looks like, for the report's and the dashboard's pictures at 30 apps.
 */
export function manyDemoApps(count: number): SimulatedApp[] {
  return Array.from({ length: count }, (_, i) => {
    const demo = DEMO_APPS[i];
    if (demo !== undefined) return demo;
    return {
      sdkAppId: 1400000001 + i,
      adminIdentifier: 'administrator',
      // Not a key of any app: the simulator checks UserSigs made with it, nothing else does.
      secretKey: `${(i + 1).toString(16).padStart(8, '0')}`.repeat(8),
      appName: `Sim App ${i + 1}`,
      company: 'Example Corp',
    };
  });
}
