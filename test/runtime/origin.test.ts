import { describe, expect, it } from 'vitest';
import { loadFunction, viewerResponseEvent } from '../../src/runtime/index.js';
import { CONTEXT, expectKind, fixture, memoryKvs, requestEvent, run } from './helpers.js';

function withOrigin(props: string) {
  return run(`import cf from 'cloudfront';\nfunction handler(event) { cf.updateRequestOrigin(${props}); return event.request; }`);
}

async function refused(props: string): Promise<string> {
  const outcome = expectKind(await withOrigin(props), 'error');
  expect(outcome).toMatchObject({ status: 502, code: 'ValidationError' });
  return outcome.message;
}

describe('cloudfront module: origin modification', () => {
  it('§5 a valid updateRequestOrigin sets the forwarded request\'s origin', async () => {
    const outcome = await run(fixture('origin-from-kvs.js'), requestEvent('/items?x=1'), {
      filename: 'origin-from-kvs.js',
      kvs: memoryKvs({ origin: 'cell-b.example.com', port: '8443' }),
      kvsId: 'store-1',
    });
    expect(expectKind(outcome, 'request').request).toEqual({
      method: 'GET',
      uri: '/items',
      query: 'x=1',
      headers: [['host', 'example.com']],
      origin: { domainName: 'cell-b.example.com', originPath: '/prod', customOriginConfig: { port: 8443, protocol: 'http' } },
    });
  });

  it('§5 every field the docs list is accepted and mirrored; later calls override earlier ones', async () => {
    const outcome = await run(`import cf from 'cloudfront';
function handler(event) {
  cf.updateRequestOrigin({ domainName: 'first.example.com', connectionAttempts: 1 });
  cf.updateRequestOrigin({
    domainName: 'api.example.com', hostHeader: 'www.example.com', originPath: '', customHeaders: { 'x-cell': 'b' },
    connectionAttempts: 3, timeouts: { readTimeout: 30, responseCompletionTimeout: 60, keepAliveTimeout: 5, connectionTimeout: 10 },
    customOriginConfig: { port: 443, protocol: 'https', sslProtocols: ['TLSv1.2'] },
    originShield: { enabled: true, region: 'eu-west-1' },
    originAccessControlConfig: { enabled: false }, sni: 'api.example.com', allowedCertificateNames: ['*.example.com']
  });
  return event.request;
}`);
    expect(expectKind(outcome, 'request').request.origin).toEqual({
      domainName: 'api.example.com',
      hostHeader: 'www.example.com',
      originPath: '',
      customHeaders: { 'x-cell': 'b' },
      connectionAttempts: 3,
      timeouts: { readTimeout: 30, responseCompletionTimeout: 60, keepAliveTimeout: 5, connectionTimeout: 10 },
      customOriginConfig: { port: 443, protocol: 'https', sslProtocols: ['TLSv1.2'] },
      originShield: { enabled: true, region: 'eu-west-1' },
      originAccessControlConfig: { enabled: false },
      sni: 'api.example.com',
      allowedCertificateNames: ['*.example.com'],
    });
  });

  it.each([
    ["{ domainName: 'api.example.com:8080' }", 'domainName must be a DNS name without a port or an IP address, at most 253 characters (got "api.example.com:8080")'],
    ["{ domainName: '10.0.0.1' }", 'domainName must be a DNS name without a port or an IP address, at most 253 characters (got "10.0.0.1")'],
    ["{ domainName: 'a'.repeat(250) + '.com' }", 'domainName must be a DNS name'],
    ["{ originPath: 'prod' }", 'originPath must be a path that starts with "/" and does not end with "/", at most 255 characters, or "" (got "prod")'],
    ["{ originPath: '/prod/' }", 'originPath must be a path that starts with "/"'],
    ["{ originPath: '/' + 'p'.repeat(255) }", 'originPath must be a path'],
    ["{ customHeaders: { 'X-Cell': 'b' } }", 'customHeaders: "X-Cell": header names must be lower-case'],
    ["{ customHeaders: { 'x-cell': 1 } }", 'customHeaders["x-cell"] must be a string without control characters (got number 1)'],
    ['{ customOriginConfig: { port: 70000 } }', 'customOriginConfig.port must be an integer from 1 to 65535 (got number 70000)'],
    ["{ customOriginConfig: { protocol: 'ftp' } }", 'customOriginConfig.protocol must be one of "http", "https" (got "ftp")'],
    ['{ connectionAttempts: 4 }', 'connectionAttempts must be an integer from 1 to 3 (got number 4)'],
    ['{ timeouts: { connectionTimeout: 11 } }', 'timeouts.connectionTimeout must be an integer from 1 to 10 (got number 11)'],
    ['{ timeouts: { readTimeout: 30, responseCompletionTimeout: 20 } }', 'timeouts.responseCompletionTimeout must be an integer of at least 30 (got number 20)'],
    ["{ hostHeader: 'a b' }", 'hostHeader must be a host name without spaces or control characters (got "a b")'],
    ["{ domain: 'x' }", 'domain is not a known field; use domainName, hostHeader'],
    ["'api.example.com'", 'the argument must be an object (got "api.example.com")'],
  ])('§5 updateRequestOrigin(%s) is a validation error (502)', async (props, message) => {
    expect(await refused(props)).toContain(`cf.updateRequestOrigin: ${message}`);
  });

  it('§5 an invalid origin fails the invocation: the call does not throw, so catching cannot hide it', async () => {
    const outcome = await run(`import cf from 'cloudfront';
function handler(event) {
  try { cf.updateRequestOrigin({ customOriginConfig: { port: 0 } }); } catch (e) { console.log('threw'); }
  return { statusCode: 200 };
}`);
    expect(expectKind(outcome, 'error')).toMatchObject({ status: 502, code: 'ValidationError', logs: [] });
  });

  it('§5 updateRequestOrigin in a viewer-response function throws (503)', async () => {
    const event = viewerResponseEvent(requestEvent().request, { statusCode: 200, statusMessage: 'OK', rawHeaders: [] }, CONTEXT, '203.0.113.9');
    const outcome = await run("import cf from 'cloudfront';\nfunction handler(event) { cf.updateRequestOrigin({ domainName: 'a.example.com' }); return event.response; }", event);
    expect(expectKind(outcome, 'error')).toMatchObject({ status: 503, code: 'ExecutionError' });
  });

  it('§5 selectRequestOriginById picks a declared origin; updateRequestOrigin then changes it', async () => {
    const source = `import cf from 'cloudfront';
function handler(event) {
  cf.updateRequestOrigin({ originPath: '/dropped' });
  cf.selectRequestOriginById('cell-b');
  cf.updateRequestOrigin({ timeouts: { readTimeout: 5 } });
  cf.updateRequestOrigin({ timeouts: { connectionTimeout: 2 } });
  return event.request;
}`;
    const outcome = await loadFunction(source).invoke(requestEvent(), { originIds: ['cell-a', 'cell-b'] });
    const request = expectKind(outcome, 'request').request;
    expect(request.originId).toBe('cell-b');
    expect(request.origin).toEqual({ timeouts: { readTimeout: 5, connectionTimeout: 2 } });
  });

  it('§5 selectRequestOriginById of an origin the distribution lacks is a validation error (502)', async () => {
    const source = "import cf from 'cloudfront';\nfunction handler(event) { cf.selectRequestOriginById('nope'); return event.request; }";
    const outcome = expectKind(await loadFunction(source).invoke(requestEvent(), { originIds: ['cell-a'] }), 'error');
    expect(outcome).toMatchObject({
      status: 502,
      message: 'cf.selectRequestOriginById: the origin id "nope" is not an origin of this distribution (its origins: "cell-a")',
    });
  });

  it('§5 createRequestOriginGroup accepts both documented shapes', async () => {
    const shapes = [
      "{ originIds: ['cell-a', 'cell-b'], failoverCriteria: { statusCodes: [500, 503] } }",
      "{ originIds: [{ originId: 'cell-a' }, { originId: 'cell-b', originOverrides: { originPath: '/v2' } }], failoverCriteria: [500, 503] }",
    ];
    const groups = [];
    for (const shape of shapes) {
      const source = `import cf from 'cloudfront';\nfunction handler(event) { cf.createRequestOriginGroup(${shape}); return event.request; }`;
      groups.push(expectKind(await loadFunction(source).invoke(requestEvent(), { originIds: ['cell-a', 'cell-b'] }), 'request').request.originGroup);
    }
    expect(groups[0]).toEqual({ members: [{ originId: 'cell-a' }, { originId: 'cell-b' }], failoverStatusCodes: [500, 503], selectionCriteria: 'default' });
    expect(groups[1]).toEqual({
      members: [{ originId: 'cell-a' }, { originId: 'cell-b', originOverrides: { originPath: '/v2' } }],
      failoverStatusCodes: [500, 503],
      selectionCriteria: 'default',
    });
  });

  it.each([
    ["{ originIds: ['cell-a'], failoverCriteria: [500] }", /originIds must be an array of 2 origins/],
    ["{ originIds: ['cell-a', 'cell-a'], failoverCriteria: [500] }", /must be two different origins/],
    ["{ originIds: ['cell-a', 'cell-b'], failoverCriteria: { statusCodes: [418] } }", /statusCodes must be codes from 400, 403, 404, 416, 500, 502, 503, 504 \(got number 418\)/],
    ["{ originIds: ['cell-a', 'cell-b'] }", /failoverCriteria must be/],
    ["{ originIds: ['cell-a', { originId: 'cell-b', originOverrides: { originPath: 'x' } }], failoverCriteria: [500] }", /originIds\[1\]\.originOverrides\.originPath must be/],
  ])('§5 createRequestOriginGroup(%s) is a validation error (502)', async (props, message) => {
    const source = `import cf from 'cloudfront';\nfunction handler(event) { cf.createRequestOriginGroup(${props}); return event.request; }`;
    const outcome = expectKind(await loadFunction(source).invoke(requestEvent(), { originIds: ['cell-a', 'cell-b'] }), 'error');
    expect(outcome.status).toBe(502);
    expect(outcome.message).toMatch(message);
  });

  it('§5 edgeLocation describes the local edge in viewer-request functions', async () => {
    const outcome = await run("import cf from 'cloudfront';\nfunction handler(event) { console.log(cf.edgeLocation); return event.request; }");
    expect(expectKind(outcome, 'request').logs).toEqual(['{"name":"LOCAL","serverIp":"127.0.0.1","region":"local"}']);
  });
});
