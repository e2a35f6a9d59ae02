import { expect, test } from 'vitest';
import { createTestEdge } from 'cellfront/testing';

test('routes beta viewers to the canary', async () => {
  const origins = { main: () => new Response('main'), canary: () => new Response('canary') };
  const edge = await createTestEdge({ functionFile: new URL('fixtures/canary-router.js', import.meta.url), kvs: { canary: 'on' }, origins });
  const res = await edge.fetch('/orders', { headers: { cookie: 'beta=1' } });
  expect([res.origin?.id, res.text(), res.logs]).toEqual(['canary', 'canary', ['canary for /orders']]);
  await edge.close();
});
