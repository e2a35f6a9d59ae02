import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

let cwd: string;

const REQUEST_EVENT = {
  version: '1.0',
  context: { eventType: 'viewer-request' },
  viewer: { ip: '198.51.100.7' },
  request: {
    method: 'GET',
    uri: '/example-page',
    querystring: { name: { value: 'example-name' }, querymv: { value: 'val1', multiValue: [{ value: 'val1' }, { value: 'val2,val3' }] } },
    headers: { host: { value: 'www.example.com' }, accept: { value: 'text/html' } },
    cookies: { id: { value: 'a1' } },
  },
};

const FILES: Record<string, string> = {
  'add-header.js': "function handler(event) {\n  console.log('adding x-test');\n  event.request.headers['x-test'] = { value: 'yes' };\n  return event.request;\n}\n",
  'respond.js': "function handler(event) {\n  return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: 'https://example.com' + event.request.uri } } };\n}\n",
  'throws.js': "function handler(event) {\n  console.log('about to fail');\n  throw new Error('no cell for ' + event.request.uri);\n}\n",
  'from-store.js': "import cf from 'cloudfront';\nconst kvs = cf.kvs();\nasync function handler(event) {\n  const cell = await kvs.get('cell');\n  event.request.headers['x-cell'] = { value: cell };\n  return event.request;\n}\n",
  'heavy.js': 'function handler(event) {\n  var t = 0;\n  for (var i = 0; i < 150; i++) { t += i; }\n  return event.request;\n}\n',
  'endless.js': 'function handler(event) {\n  for (;;) {}\n}\n',
  'broken.js': 'function handler(event) {\n  return event.request\n',
  'response-event.js': "function handler(event) {\n  event.response.headers['x-seen'] = { value: '1' };\n  return event.response;\n}\n",
  'event.json': JSON.stringify(REQUEST_EVENT),
  'response.json': JSON.stringify({
    version: '1.0',
    context: { eventType: 'viewer-response' },
    viewer: { ip: '198.51.100.7' },
    request: { method: 'GET', uri: '/a', headers: {} },
    response: { statusCode: 200, statusDescription: 'OK', headers: { 'content-type': { value: 'text/html' } }, cookies: { id: { value: '1', attributes: 'Path=/' } } },
  }),
  'kvs.json': JSON.stringify({ data: [{ key: 'cell', value: 'cell-b' }] }),
  'named-store.js': `import cf from 'cloudfront';\nconst kvs = cf.kvs('${'9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f'}');\nasync function handler(event) {\n  const cell = await kvs.get('cell');\n  event.request.headers['x-cell'] = { value: cell };\n  return event.request;\n}\n`,
  'no-viewer.json': JSON.stringify({ version: '1.0', context: { eventType: 'viewer-request' }, request: REQUEST_EVENT.request }),
  'origin-response.json': JSON.stringify({
    version: '1.0',
    context: { eventType: 'viewer-response' },
    viewer: { ip: '198.51.100.7' },
    request: { method: 'GET', uri: '/a', headers: {} },
    response: { statusCode: 200, statusDescription: 'OK', headers: { 'content-length': { value: '9593' }, 'content-type': { value: 'text/html' } } },
  }),
  'vr-redirect.js': "function handler(event) {\n  return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: 'https://example.com/moved' } } };\n}\n",
  'not-json.json': '{"version": ',
  'bad-uri.json': JSON.stringify({ ...REQUEST_EVENT, request: { ...REQUEST_EVENT.request, uri: 'example-page' } }),
  'upper-header.json': JSON.stringify({ ...REQUEST_EVENT, request: { ...REQUEST_EVENT.request, headers: { Host: { value: 'www.example.com' } } } }),
  'cookie-header.json': JSON.stringify({ ...REQUEST_EVENT, request: { ...REQUEST_EVENT.request, headers: { cookie: { value: 'a=1' } } } }),
  'bad-kvs.json': JSON.stringify({ items: [] }),
};

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'cellfront-test-function-'));
  for (const [name, text] of Object.entries(FILES)) await writeFile(join(cwd, name), text);
  await copyFile(new URL('../fixtures/functions/redirect-keeping-query.js', import.meta.url), join(cwd, 'redirect.js'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

interface TestResult {
  FunctionSummary: Record<string, unknown>;
  ComputeUtilization: string;
  FunctionExecutionLogs: string[];
  FunctionErrorMessage: string;
  FunctionOutput: string;
}

async function testFunction(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string; result: TestResult }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd };
  const code = await main(['test-function', ...argv], io);
  const result = stdout.startsWith('{') ? (JSON.parse(stdout) as { TestResult: TestResult }).TestResult : ({} as TestResult);
  return { code, stdout, stderr, result };
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

describe('cellfront test-function', () => {
  it('takes --event-object fileb://EVENT.json, as aws cloudfront test-function does', async () => {
    const plain = await testFunction('add-header.js', '--event-object', 'event.json');
    const asAws = await testFunction('add-header.js', '--event-object', 'fileb://event.json');
    expect(asAws.code, asAws.stderr).toBe(0);
    expect(asAws.result.FunctionOutput).toBe(plain.result.FunctionOutput);
  });

  it('prints the TestResult aws cloudfront test-function prints, 4-space JSON', async () => {
    const r = await testFunction('add-header.js', '--event-object', 'event.json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const metadata = r.result.FunctionSummary.FunctionMetadata as Record<string, string>;
    expect(metadata.CreatedTime).toMatch(TIMESTAMP);
    expect(metadata.LastModifiedTime).toMatch(TIMESTAMP);
    const redacted = r.stdout.replace(/"(CreatedTime|LastModifiedTime)": "[^"]+"/g, '"$1": "<time>"');
    expect(redacted).toMatchSnapshot();
  });

  it('gives FunctionOutput as a JSON string: the request in event form, or the response', async () => {
    const request = JSON.parse((await testFunction('add-header.js', '--event-object', 'event.json')).result.FunctionOutput) as { request: Record<string, unknown> };
    expect(Object.keys(request.request)).toEqual(['headers', 'method', 'querystring', 'uri', 'cookies']);
    expect(request.request.headers).toEqual({ host: { value: 'www.example.com' }, accept: { value: 'text/html' }, 'x-test': { value: 'yes' } });
    expect(request.request.querystring).toEqual(REQUEST_EVENT.request.querystring);
    const response = JSON.parse((await testFunction('respond.js', '--event-object', 'event.json')).result.FunctionOutput) as unknown;
    expect(response).toEqual({ response: { headers: { location: { value: 'https://example.com/example-page' } }, statusDescription: 'Found', cookies: {}, statusCode: 302 } });
  });

  it('runs viewer-response events', async () => {
    const r = await testFunction('response-event.js', '--event-object', 'response.json');
    expect(JSON.parse(r.result.FunctionOutput)).toEqual({
      response: {
        headers: { 'content-type': { value: 'text/html' }, 'x-seen': { value: '1' } },
        statusDescription: 'OK',
        cookies: { id: { value: '1', attributes: 'Path=/' } },
        statusCode: 200,
      },
    });
  });

  it('associates a KeyValueStore filled from --kvs-data', async () => {
    const r = await testFunction('from-store.js', '--event-object', 'event.json', '--kvs-data', 'kvs.json');
    expect(r.result.FunctionErrorMessage).toBe('');
    expect((JSON.parse(r.result.FunctionOutput) as { request: { headers: Record<string, unknown> } }).request.headers['x-cell']).toEqual({ value: 'cell-b' });
    const config = r.result.FunctionSummary.FunctionConfig as { KeyValueStoreAssociations: { Quantity: number; Items: Array<{ KeyValueStoreARN: string }> } };
    expect(config.KeyValueStoreAssociations.Quantity).toBe(1);
    expect(config.KeyValueStoreAssociations.Items[0]?.KeyValueStoreARN).toMatch(/^arn:aws:cloudfront::000000000000:key-value-store\/[0-9a-f-]{36}$/);
  });

  it('names the store by --kvs-id (an id or the store ARN), so a function that names its store runs unchanged, on both engines', async () => {
    const id = '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
    for (const engine of ['vm', 'njs']) {
      const r = await testFunction('named-store.js', '--event-object', 'event.json', '--kvs-data', 'kvs.json', '--kvs-id', id, '--engine', engine);
      expect(r.result.FunctionErrorMessage).toBe('');
      expect((JSON.parse(r.result.FunctionOutput) as { request: { headers: Record<string, unknown> } }).request.headers['x-cell']).toEqual({ value: 'cell-b' });
      const config = r.result.FunctionSummary.FunctionConfig as { KeyValueStoreAssociations: { Items: Array<{ KeyValueStoreARN: string }> } };
      expect(config.KeyValueStoreAssociations.Items[0]?.KeyValueStoreARN).toBe(`arn:aws:cloudfront::000000000000:key-value-store/${id}`);
    }
    const byArn = await testFunction('named-store.js', '--event-object', 'event.json', '--kvs-data', 'kvs.json', '--kvs-id', `arn:aws:cloudfront::123456789012:key-value-store/${id.toUpperCase()}`);
    expect(byArn.result.FunctionErrorMessage).toBe('');
    // Without --kvs-data the named store is there, and empty.
    const empty = await testFunction('named-store.js', '--event-object', 'event.json', '--kvs-id', id);
    expect(empty.result.FunctionErrorMessage).toMatch(/^Error: Key not found/);
  });

  it('runs an event that leaves out viewer, on both engines', async () => {
    for (const engine of ['vm', 'njs']) {
      const r = await testFunction('add-header.js', '--event-object', 'no-viewer.json', '--engine', engine);
      expect(r.code).toBe(0);
      expect(r.result.FunctionErrorMessage).toBe('');
      expect(r.result.FunctionExecutionLogs).toEqual(['adding x-test']);
    }
  });

  it('keeps content-length in a viewer-response output, and lets a viewer-response function answer with its own response, on both engines', async () => {
    for (const engine of ['vm', 'njs']) {
      const kept = await testFunction('response-event.js', '--event-object', 'origin-response.json', '--engine', engine);
      expect(JSON.parse(kept.result.FunctionOutput)).toEqual({
        response: {
          headers: { 'content-length': { value: '9593' }, 'content-type': { value: 'text/html' }, 'x-seen': { value: '1' } },
          statusDescription: 'OK',
          cookies: {},
          statusCode: 200,
        },
      });
      const fresh = await testFunction('vr-redirect.js', '--event-object', 'origin-response.json', '--engine', engine);
      expect(fresh.result.FunctionErrorMessage).toBe('');
      expect(JSON.parse(fresh.result.FunctionOutput)).toEqual({
        response: { headers: { location: { value: 'https://example.com/moved' } }, statusDescription: 'Found', cookies: {}, statusCode: 302 },
      });
    }
  });

  it('reports a function that throws in FunctionErrorMessage and still exits 0, as AWS does', async () => {
    const r = await testFunction('throws.js', '--event-object', 'event.json');
    expect(r.code).toBe(0);
    expect(r.result.FunctionErrorMessage).toBe('Error: no cell for /example-page (throws.js:3:9)');
    expect(r.result.FunctionExecutionLogs).toEqual(['about to fail']);
    expect(r.result.FunctionOutput).toBe('');
    const store = await testFunction('from-store.js', '--event-object', 'event.json');
    expect(store.code).toBe(0);
    expect(store.result.FunctionErrorMessage).toMatch(/^Error: KVSNamespaceNotFound: /);
  });

  it('gives the same ComputeUtilization run after run, higher for a heavier function', async () => {
    const figures = [];
    for (let i = 0; i < 3; i++) figures.push((await testFunction('add-header.js', '--event-object', 'event.json')).result.ComputeUtilization);
    expect(new Set(figures).size).toBe(1);
    const heavy = (await testFunction('heavy.js', '--event-object', 'event.json')).result.ComputeUtilization;
    expect(Number(heavy)).toBeGreaterThan(Number(figures[0]));
    expect(heavy).toMatch(/^\d+$/);
  });

  it('fails a function past the compute budget with ComputeUtilization 100', async () => {
    const r = await testFunction('endless.js', '--event-object', 'event.json');
    expect(r.code).toBe(0);
    expect(r.result.ComputeUtilization).toBe('100');
    expect(r.result.FunctionErrorMessage).toMatch(/^The function exceeded the maximum allowed compute time \(estimated at [\d.]+ steps; the budget is 570\)$/);
    expect(r.result.FunctionOutput).toBe('');
  });

  it('prints the same result on the njs engine', async () => {
    for (const file of ['add-header.js', 'respond.js', 'redirect.js']) {
      const vm = await testFunction(file, '--event-object', 'event.json');
      const njs = await testFunction(file, '--event-object', 'event.json', '--engine', 'njs');
      expect(njs.code).toBe(0);
      expect(njs.result).toEqual(vm.result);
    }
    const thrown = await testFunction('throws.js', '--event-object', 'event.json', '--engine', 'njs');
    expect(thrown.result.FunctionErrorMessage).toBe('Error: no cell for /example-page (throws.js:3)');
  });

  it('takes --name and --stage into the summary', async () => {
    const r = await testFunction('add-header.js', '--event-object=event.json', '--name', 'edge-router', '--stage', 'LIVE');
    expect(r.result.FunctionSummary).toMatchObject({
      Name: 'edge-router',
      Status: 'UNASSOCIATED',
      FunctionMetadata: { FunctionARN: 'arn:aws:cloudfront::000000000000:function/edge-router', Stage: 'LIVE' },
    });
  });
});

describe('cellfront test-function refuses bad input in one line', () => {
  const cases: Array<[string, string[], number, string]> = [
    ['no FILE', ['--event-object', 'event.json'], 2, 'cellfront test-function: missing FILE: the function to test'],
    ['no event', ['add-header.js'], 2, 'cellfront test-function: --event-object is required: the event file to run the function on'],
    ['a missing function file', ['absent.js', '--event-object', 'event.json'], 1, 'cellfront test-function: absent.js: no such file'],
    ['a missing event file', ['add-header.js', '--event-object', 'absent.json'], 1, 'cellfront test-function: absent.json: no such file'],
    ['an event that is not JSON', ['add-header.js', '--event-object', 'not-json.json'], 1, "cellfront test-function: --event-object not-json.json: not JSON (Unexpected end of JSON input)"],
    ['a uri without "/"', ['add-header.js', '--event-object', 'bad-uri.json'], 1, 'cellfront test-function: --event-object bad-uri.json: request.uri must start with "/" (got "example-page")'],
    ['a cookie header, which CloudFront gives as cookies', ['add-header.js', '--event-object', 'cookie-header.json'], 1, 'cellfront test-function: --event-object cookie-header.json: request.headers["cookie"] must not be given: CloudFront passes the Cookie header to a function in request.cookies, never in request.headers (give them there)'],
    ['an upper-case header name', ['add-header.js', '--event-object', 'upper-header.json'], 1, 'cellfront test-function: --event-object upper-header.json: request.headers["Host"] must be named in lower case, as CloudFront gives header names ("host")'],
    ['a store file not in the import format', ['from-store.js', '--event-object', 'event.json', '--kvs-data', 'bad-kvs.json'], 1, 'cellfront test-function: --kvs-data bad-kvs.json: "data" must be an array; expected {"data": [{"key": "...", "value": "..."}]}'],
    ['a --kvs-id that is not a store id', ['named-store.js', '--event-object', 'event.json', '--kvs-id', 'my-store'], 2, 'cellfront test-function: --kvs-id "my-store" is not a KeyValueStore id: a UUID such as 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f, or the store\'s ARN'],
    ['a function that does not parse', ['broken.js', '--event-object', 'event.json'], 1, 'cellfront test-function: SyntaxError: Unexpected token (broken.js:3:1)'],
    ['an unknown stage', ['add-header.js', '--event-object', 'event.json', '--stage', 'PROD'], 2, 'cellfront test-function: --stage must be DEVELOPMENT or LIVE (got "PROD")'],
    ['an unknown engine', ['add-header.js', '--event-object', 'event.json', '--engine', 'v8'], 2, 'cellfront test-function: --engine must be vm or njs (got "v8")'],
    ['an invalid name', ['add-header.js', '--event-object', 'event.json', '--name', 'my.router'], 2, 'cellfront test-function: --name "my.router" is not a function name: 1 to 64 letters, digits, "-" or "_"'],
  ];
  for (const [what, argv, code, line] of cases) {
    it(what, async () => {
      const r = await testFunction(...argv);
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(line);
      // Command-line mistakes add the usage hint; input problems are one line.
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(code === 2 ? 2 : 1);
    });
  }
});

describe('cellfront test-function --engine njs without njs', () => {
  it('says so in one line and exits 1', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent-cellfront-bin';
    try {
      const r = await testFunction('add-header.js', '--event-object', 'event.json', '--engine', 'njs');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('cellfront test-function: njs is not installed: apt-get install njs (no njs on PATH)\n');
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('cellfront test-function --help', () => {
  it('matches the snapshot', async () => {
    let stdout = '';
    const code = await main(['test-function', '--help'], { stdout: (t) => (stdout += t), stderr: () => undefined, env: {}, cwd: tmpdir() });
    expect(code).toBe(0);
    expect(stdout).toMatchSnapshot();
  });
});
