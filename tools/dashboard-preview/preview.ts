/**
 * The dashboard preview of a synthesized template: its DashboardBody drawn with the data one run
 * a day would have sent for `appCount` simulated apps (the two demo apps first).
 */
import { dashboardBodyOf, dashboardNameOf, type TemplateJson } from './body.js';
import {
  PREVIEW_NOW,
  previewApps,
  simulatedAppPoints,
  simulatedLogEvents,
  simulatedRunPoints,
} from './data.js';
import { type DashboardPreview, renderDashboardPreview } from './page.js';

/** Renders the preview page of the dashboard in `template` (stack `stackName`). */
export function previewDashboard(
  template: TemplateJson,
  stackName: string,
  appCount: number,
): DashboardPreview {
  const apps = previewApps(appCount);
  const points = [
    ...simulatedRunPoints(apps.length, PREVIEW_NOW),
    ...simulatedAppPoints(apps, PREVIEW_NOW),
  ];
  const beijing = PREVIEW_NOW.toLocaleString('en-GB', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return renderDashboardPreview(dashboardBodyOf(template, stackName), points, {
    dashboardName: dashboardNameOf(template, stackName),
    now: PREVIEW_NOW,
    logEvents: simulatedLogEvents(apps, PREVIEW_NOW),
    dataNote: `the numbers are simulated: ${apps.length} apps from the simulator's generator through the function's own metric code (the per-app graphs: the 14 days the first run sends), 30 daily runs for the run health, the last on ${beijing} Beijing time, and that run's log lines for the table of every app.`,
  });
}
