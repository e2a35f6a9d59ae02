import { createServer, type RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../src/net/listen.js';
import { EdgeConfigError, originFromUrl, originHost, startEdge, type Edge, type EdgeOptions, type OriginCall } from '../../src/edge/index.js';
import { loadFunction } from '../../src/runtime/index.js';
import { closedPort, recordingOrigin, resettingOrigin, silentOrigin } from './servers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function track<T extends { close(): Promise<void> }>(server: T): T {
  closers.push(() => server.close());
  return server;
}

/** An edge in front of one origin on loopback that answers with `handler`; both closed after the test. */
async function edgeBefore(handler: RequestListener): Promise<Edge> {
  const origin = track(await listen(createServer(handler), '127.0.0.1', 0));
  return track(await startEdge({ defaultOrigin: originFromUrl('origin', origin.url) }));
}

/** An edge running `body` in a viewer-request function (with `cf` imported), recording its origin calls. */
async function edgeWith(body: string, options: Omit<EdgeOptions, 'viewerRequest'>): Promise<{ edge: Edge; calls: OriginCall[] }> {
  const calls: OriginCall[] = [];
  const viewerRequest = loadFunction(`import cf from 'cloudfront';\nfunction handler(event) {\n${body}\nreturn event.request;\n}`);
  const edge = track(await startEdge({ ...options, viewerRequest, observer: { originCall: (call) => calls.push(call) } }));
  return { edge, calls };
}

describe('the edge forwards where the function says (spec §5)', () => {
  it('updateRequestOrigin: the request reaches the new origin with its Host, path and custom headers', async () => {
    const defaultApi = track(await recordingOrigin('default'));
    const cellB = track(await recordingOrigin('cell-b'));
    const { edge } = await edgeWith(
      `cf.updateRequestOrigin({
        domainName: 'cell-b.localhost',
        originPath: '/prod',
        hostHeader: 'api.cell-b.example',
        customHeaders: { 'x-cell': 'b', 'x-api-key': 'k1' },
        customOriginConfig: { port: ${cellB.port}, protocol: 'http' },
      });`,
      { defaultOrigin: originFromUrl('default', defaultApi.url) },
    );

    const response = await fetch(`${edge.url}/items?id=7`, { headers: { 'x-viewer': 'v' } });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('cell-b 200');
    expect(defaultApi.received).toEqual([]);
    expect(cellB.received).toHaveLength(1);
    const got = cellB.received[0];
    expect(got?.url).toBe('/prod/items?id=7');
    expect(got?.headers).toMatchObject({ host: 'api.cell-b.example', 'x-cell': 'b', 'x-api-key': 'k1', 'x-viewer': 'v' });
  });

  it('updateRequestOrigin: a new domain without hostHeader sends the new domain (and port) as Host', async () => {
    const cellB = track(await recordingOrigin('cell-b'));
    const { edge } = await edgeWith(`cf.updateRequestOrigin({ domainName: 'cell-b.localhost', customOriginConfig: { port: ${cellB.port} } });`, {
      defaultOrigin: originFromUrl('default', `http://localhost:${await closedPort()}/`),
    });
    await fetch(`${edge.url}/`);
    expect(cellB.received[0]?.headers.host).toBe(`cell-b.localhost:${cellB.port}`);
  });

  it('updateRequestOrigin: connectionAttempts is how often the edge tries to connect', async () => {
    const resetting = track(await resettingOrigin());
    const { edge } = await edgeWith(`cf.updateRequestOrigin({ connectionAttempts: 2, customOriginConfig: { port: ${resetting.port} } });`, {
      defaultOrigin: originFromUrl('default', 'http://localhost:1/'),
    });
    const response = await fetch(`${edge.url}/`);
    expect(response.status).toBe(502);
    expect(resetting.connections()).toBe(2);
  });

  it.each([
    ['connection', 'upgrade', 'invalid connection header'],
    ['expect', '100-continue', 'expect header not supported'],
  ])('updateRequestOrigin: a custom %s header the client will not send is a 502 that says so, not a connection failure', async (name, value, why) => {
    const cellB = track(await recordingOrigin('cell-b'));
    const { edge, calls } = await edgeWith(`cf.updateRequestOrigin({ customHeaders: { '${name}': '${value}' }, customOriginConfig: { port: ${cellB.port} } });`, {
      defaultOrigin: originFromUrl('default', 'http://localhost:1/'),
    });
    const response = await fetch(`${edge.url}/`);
    expect(response.status).toBe(502);
    expect(cellB.received).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.error).toBe(`the request to origin localhost:${cellB.port} cannot be sent: ${why}`);
  });

  it('updateRequestOrigin: readTimeout bounds the wait for the origin (504)', async () => {
    const silent = track(await silentOrigin());
    const { edge } = await edgeWith(`cf.updateRequestOrigin({ timeouts: { readTimeout: 1 }, customOriginConfig: { port: ${silent.port} } });`, {
      defaultOrigin: originFromUrl('default', 'http://localhost:1/'),
    });
    const response = await fetch(`${edge.url}/`);
    expect(response.status).toBe(504);
    const page = await response.text();
    expect(page).toMatch(/Gateway timeout/);
    // CloudFront's page names no origin: host and port go to the log only.
    expect(page).not.toContain(String(silent.port));
  });

  it('selectRequestOriginById: the request goes to the declared origin of that id', async () => {
    const defaultApi = track(await recordingOrigin('default'));
    const cellB = track(await recordingOrigin('cell-b'));
    const { edge, calls } = await edgeWith("cf.selectRequestOriginById('cell-b');", {
      defaultOrigin: originFromUrl('default', defaultApi.url),
      origins: [originFromUrl('cell-b', `${cellB.url}/stage`)],
    });
    const response = await fetch(`${edge.url}/a`);
    expect(await response.text()).toBe('cell-b 200');
    expect(cellB.received[0]?.url).toBe('/stage/a');
    expect(calls.map((c) => [c.originId, c.status])).toEqual([['cell-b', 200]]);
  });

  it('selectRequestOriginById: an id the edge does not declare is a validation error (502)', async () => {
    const defaultApi = track(await recordingOrigin('default'));
    const { edge } = await edgeWith("cf.selectRequestOriginById('cell-z');", { defaultOrigin: originFromUrl('default', defaultApi.url) });
    const response = await fetch(`${edge.url}/`);
    expect(response.status).toBe(502);
    expect(response.headers.get('x-cache')).toBe('FunctionValidationError from cloudfront');
    const page = (await response.text()).replace(/&#34;/g, '"');
    expect(page).toContain('"cell-z" is not an origin of this distribution (its origins: "default")');
  });

  it('createRequestOriginGroup: a listed status from the primary fails over to the secondary', async () => {
    const primary = track(await recordingOrigin('primary', 503));
    const secondary = track(await recordingOrigin('secondary'));
    const { edge, calls } = await edgeWith("cf.createRequestOriginGroup({ originIds: ['primary', 'secondary'], failoverCriteria: { statusCodes: [500, 503] } });", {
      defaultOrigin: originFromUrl('primary', primary.url),
      origins: [originFromUrl('secondary', secondary.url)],
    });
    const response = await fetch(`${edge.url}/x?q=1`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('secondary 200');
    expect(calls.map((c) => [c.originId, c.status])).toEqual([
      ['primary', 503],
      ['secondary', 200],
    ]);
    expect(secondary.received[0]).toMatchObject({ method: 'GET', url: '/x?q=1' });
    expect(edge.stats.snapshot().byOrigin).toEqual({ secondary: { requests: 1, errors4xx: 0, errors5xx: 0 } });
  });

  it('createRequestOriginGroup: a POST does not fail over (CloudFront fails over GET, HEAD and OPTIONS only)', async () => {
    const primary = track(await recordingOrigin('primary', 503));
    const secondary = track(await recordingOrigin('secondary'));
    const { edge } = await edgeWith("cf.createRequestOriginGroup({ originIds: ['primary', 'secondary'], failoverCriteria: { statusCodes: [500, 503] } });", {
      defaultOrigin: originFromUrl('primary', primary.url),
      origins: [originFromUrl('secondary', secondary.url)],
    });
    const response = await fetch(`${edge.url}/x`, { method: 'POST', body: 'payload' });
    expect([response.status, await response.text()]).toEqual([503, 'primary 503']);
    expect(primary.received[0]).toMatchObject({ method: 'POST', url: '/x', body: 'payload' });
    expect(secondary.received).toEqual([]);
  });

  it('createRequestOriginGroup: a status not listed is the answer (no failover)', async () => {
    const primary = track(await recordingOrigin('primary', 404));
    const secondary = track(await recordingOrigin('secondary'));
    const { edge } = await edgeWith("cf.createRequestOriginGroup({ originIds: ['primary', 'secondary'], failoverCriteria: [500] });", {
      defaultOrigin: originFromUrl('primary', primary.url),
      origins: [originFromUrl('secondary', secondary.url)],
    });
    const response = await fetch(`${edge.url}/`);
    expect([response.status, await response.text()]).toEqual([404, 'primary 404']);
    expect(secondary.received).toEqual([]);
  });

  it('createRequestOriginGroup: a primary that cannot be reached fails over, with each member\'s overrides', async () => {
    const secondary = track(await recordingOrigin('secondary'));
    const { edge, calls } = await edgeWith(
      `cf.createRequestOriginGroup({
        originIds: [{ originId: 'primary', originOverrides: { connectionAttempts: 1 } }, { originId: 'secondary', originOverrides: { originPath: '/backup' } }],
        failoverCriteria: [502],
      });`,
      { defaultOrigin: originFromUrl('primary', `http://localhost:${await closedPort()}/`), origins: [originFromUrl('secondary', secondary.url)] },
    );
    const response = await fetch(`${edge.url}/y`);
    expect(await response.text()).toBe('secondary 200');
    expect(secondary.received[0]?.url).toBe('/backup/y');
    expect(calls[0]).toMatchObject({ originId: 'primary', error: expect.stringMatching(/cannot connect/) as unknown });
  });

  it("the edge's own Via, X-Cache, X-Amz-Cf-Pop and X-Amz-Cf-Id replace an origin's, and every other header of the origin is passed on", async () => {
    const edge = await edgeBefore((_req, res) => {
      res.writeHead(200, 'Fine', ['Via', '1.1 upstream', 'X-Cache', 'Hit from upstream', 'X-Amz-Cf-Pop', 'FAR', 'X-Amz-Cf-Id', 'theirs', 'X-Origin', 'a', 'X-Origin', 'b', 'Content-Length', '2']);
      res.end('ok');
    });
    const response = await fetch(`${edge.url}/`);
    expect([response.status, response.statusText, await response.text()]).toEqual([200, 'Fine', 'ok']);
    expect(response.headers.get('via')).toBe(`1.1 ${edge.distributionId.toLowerCase()}.cloudfront.net (CloudFront)`);
    expect(response.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(response.headers.get('x-amz-cf-pop')).toBe('LOCAL');
    expect(response.headers.get('x-amz-cf-id')).toMatch(/^[\w-]{56}$/);
    expect(response.headers.get('x-origin')).toBe('a, b');
    expect(response.headers.get('content-length')).toBe('2');
  });

  it("an origin's large answer flows at the viewer's pace: the edge holds back the origin while the viewer does not read, and the body arrives whole", async () => {
    const size = 32 * 1024 * 1024;
    let originDone = false;
    const edge = await edgeBefore((_req, res) => {
      res.writeHead(200, { 'content-length': String(size) });
      const block = Buffer.alloc(64 * 1024, 7);
      let sent = 0;
      const more = (): void => {
        while (sent < size) {
          sent += block.length;
          if (!res.write(block)) return void res.once('drain', more);
        }
        res.end(() => (originDone = true));
      };
      more();
    });
    const response = await fetch(`${edge.url}/`);
    expect(response.status).toBe(200);
    // The viewer reads nothing for a while: with every buffer on the way full, the origin cannot finish.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(originDone).toBe(false);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBe(size);
    expect(body.every((byte) => byte === 7)).toBe(true);
    await expect.poll(() => originDone).toBe(true);
  });

  it('an interim 103 Early Hints from the origin is skipped: the viewer gets the final answer', async () => {
    const edge = await edgeBefore((_req, res) => {
      // The final answer comes a little later, in a read of its own.
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' }, () =>
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('final');
        }, 100),
      );
    });
    const response = await fetch(`${edge.url}/`);
    expect([response.status, await response.text()]).toEqual([200, 'final']);
  });

  it('the Host sent to an origin names an IPv6 address in brackets, with a port other than the default', () => {
    expect(originHost(originFromUrl('v6', 'http://[::1]:8081/prod/'))).toBe('[::1]:8081');
    expect(originHost(originFromUrl('v6', 'https://[2001:db8::7]/'))).toBe('[2001:db8::7]');
    expect(originHost(originFromUrl('v4', 'http://127.0.0.1:8081/'))).toBe('127.0.0.1:8081');
    expect(originHost(originFromUrl('name', 'https://api.example.com/'))).toBe('api.example.com');
  });

  it('two origins with one id are refused before the edge starts', async () => {
    const start = startEdge({ defaultOrigin: originFromUrl('a', 'http://localhost:1/'), origins: [originFromUrl('a', 'http://localhost:2/')] });
    await expect(start).rejects.toBeInstanceOf(EdgeConfigError);
    await expect(start).rejects.toMatchObject({ code: 'DuplicateOriginId' });
  });
});
