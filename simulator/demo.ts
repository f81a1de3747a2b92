/** The demo apps `npm start` and `npm run simulator` serve. */
import type { SimulatedApp } from './data.js';

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
