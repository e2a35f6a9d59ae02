import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originFromUrl, startEdge, type Edge } from '../../src/edge/index.js';
import { loadFunction } from '../../src/runtime/index.js';
import { recordingOrigin, type RecordingOrigin } from './servers.js';

const VIEWER_RESPONSE = "function handler(event) {\n  console.log('ran');\n  event.response.headers['x-vr'] = { value: '1' };\n  return event.response;\n}";

let ok: RecordingOrigin;
let missing: RecordingOrigin;
const edges: Edge[] = [];
const runs: string[] = [];

async function edgeTo(origin: RecordingOrigin): Promise<Edge> {
  const edge = await startEdge({
    viewerResponse: loadFunction(VIEWER_RESPONSE),
    defaultOrigin: originFromUrl('api', origin.url),
    observer: { functionRun: ({ eventType, outcome }) => runs.push(`${eventType}:${outcome.logs.join(',')}`) },
  });
  edges.push(edge);
  return edge;
}

beforeAll(async () => {
  ok = await recordingOrigin('ok', 200);
  missing = await recordingOrigin('missing', 404);
});
afterAll(async () => {
  for (const edge of edges) await edge.close();
  await ok.close();
  await missing.close();
});

describe('viewer-response functions (spec §1)', () => {
  it('run on an origin answer below 400', async () => {
    runs.length = 0;
    const response = await fetch(`${(await edgeTo(ok)).url}/`);
    expect([response.status, response.headers.get('x-vr'), await response.text()]).toEqual([200, '1', 'ok 200']);
    expect(runs).toEqual(['viewer-response:ran']);
  });

  it('are not invoked when the origin answers 400 or above', async () => {
    runs.length = 0;
    const response = await fetch(`${(await edgeTo(missing)).url}/`);
    expect([response.status, response.headers.get('x-vr'), await response.text()]).toEqual([404, null, 'missing 404']);
    expect(runs).toEqual([]);
  });
});
