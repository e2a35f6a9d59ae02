/**
 * The dashboard: a local web page that shows the split live (observed share
 * against configured share per cell, requests and errors per second, the live
 * table, the ETag and the change history) and changes it through the control
 * plane, with the same ETag safety as the CLI. Served by `cellfront dashboard`
 * and by `cellfront dev`, on 127.0.0.1 only.
 */
export { dashboardHandler, startDashboard, type Dashboard, type DashboardHandler, type DashboardOptions } from './server.js';
export { PAGE_SCRIPT_FILES } from './page/assets.js';
export { checkHost, checkWrite, hostnameOf, TOKEN_HEADER } from './guard.js';
export { samplePoint, SAMPLE_WINDOW_MS, SAMPLES_KEPT, type CellPoint, type Sample } from './samples.js';
export { parseAction, previewAction, type ActionRequest, type Preview } from './actions.js';
