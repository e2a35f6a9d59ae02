/**
 * The `cloudfront` module's members CloudFront has and cellfront does not emulate
 * (`cwt`, `distributionTenant`; docs/divergences.md, "Runtime"): reading one throws
 * an error that says so, on both engines, which a function can catch as it would
 * CloudFront's own.
 */
import { describe, expect, it } from 'vitest';
import { expectKind, requestEvent, run } from './helpers.js';

function handlerRunning(body: string): string {
  return `import cf from 'cloudfront';\nfunction handler(event) {\n${body}\n  return event.request;\n}\n`;
}

describe.each(['vm', 'njs'] as const)('cloudfront module on %s: members cellfront does not emulate', (engine) => {
  it('cf.cwt: an uncaught read fails the function (503) with an Error saying cellfront does not emulate it', async () => {
    const outcome = expectKind(await run(handlerRunning("  cf.cwt.validateToken('token', { key: 'k' });"), requestEvent(), { engine }), 'error');
    expect(outcome.status).toBe(503);
    expect(outcome.message).toMatch(/^Error: cf\.cwt is part of CloudFront's runtime but cellfront does not emulate it \(/);
  });

  it('cf.distributionTenant: a TypeError, as CloudFront throws for a distribution without tenants, that the function can catch', async () => {
    const source = handlerRunning('  try {\n    cf.distributionTenant.id;\n  } catch (e) {\n    console.log(e);\n  }');
    const outcome = expectKind(await run(source, requestEvent(), { engine }), 'request');
    expect(outcome.logs).toEqual(["TypeError: cf.distributionTenant is part of CloudFront's runtime but cellfront does not emulate it"]);
  });

  it('the module has both names, not enumerable: its keys are what cellfront emulates', async () => {
    const outcome = expectKind(await run(handlerRunning("  console.log(Object.keys(cf).join(',') + ' ' + ('cwt' in cf) + ' ' + ('distributionTenant' in cf));"), requestEvent(), { engine }), 'request');
    expect(outcome.logs).toEqual(['kvs,updateRequestOrigin,selectRequestOriginById,createRequestOriginGroup,edgeLocation true true']);
  });
});
