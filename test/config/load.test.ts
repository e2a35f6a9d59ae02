import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { compileTable, decodeTable } from '../../src/router/table/index.js';
import { makeConfig } from '../router-table/support.js';
import { ISSUE_CONFIG, useTempConfigs } from './support.js';

const configs = useTempConfigs();
const load = configs.load;

/** The config from the issue with `changes` merged in at the top level. */
function issueWith(changes: Record<string, unknown>) {
  return { ...ISSUE_CONFIG, ...changes };
}

async function messages(config: unknown, outputs?: unknown): Promise<string> {
  const result = await load(config, outputs);
  if (!(result instanceof ConfigError)) throw new Error('expected a ConfigError');
  return result.message;
}

describe('loadConfig', () => {
  it('resolves the config from the issue, outputs included, defaults applied', async () => {
    expect(await load(ISSUE_CONFIG)).toEqual({
      file: 'cellfront.config.json',
      mode: 'proxy',
      redirectStatus: 307,
      cells: [
        { id: 'api1', origin: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/', weight: 50, disabled: false },
        { id: 'api2', origin: 'https://def456.execute-api.eu-west-1.amazonaws.com/prod/', weight: 50, disabled: false },
      ],
      partition: {
        from: [
          { kind: 'header', name: 'x-tenant-id' },
          { kind: 'cookie', name: 'session' },
        ],
        sticky: { cookie: 'cellfront-visitor', maxAgeSeconds: 86400 },
      },
      overrides: [{ key: 'tenant-42', cell: 'api2' }],
      force: { header: 'x-cellfront-cell' },
      fallback: 'api1',
      cellHeader: 'x-cellfront-cell',
    });
  });

  it('applies the documented defaults to a minimal config', async () => {
    const config = await load({ cells: [{ id: 'a', origin: 'https://a.example.com', weight: 1 }] });
    expect(config).toMatchObject({
      mode: 'proxy',
      redirectStatus: 307,
      partition: { from: [], sticky: { cookie: 'cellfront-visitor', maxAgeSeconds: 2_592_000 } },
      overrides: [],
      force: {},
      fallback: 'a',
      cellHeader: 'x-cellfront-cell',
    });
  });

  it('lower-cases header names and turns the cell header off with false', async () => {
    const config = await load(issueWith({ partition: { from: [{ header: 'X-Tenant-Id' }] }, force: { header: 'X-Pick' }, cellHeader: false }));
    expect(config).toMatchObject({ partition: { from: [{ kind: 'header', name: 'x-tenant-id' }] }, force: { header: 'x-pick' }, cellHeader: undefined });
  });

  it('defaults the fallback to the first enabled cell', async () => {
    const config = await load({
      cells: [
        { id: 'a', origin: 'https://a.example.com', weight: 1, disabled: true },
        { id: 'b', origin: 'https://b.example.com', weight: 1 },
      ],
    });
    expect(config).toMatchObject({ fallback: 'b' });
  });

  it('names the file for a missing file and for bad JSON', async () => {
    const files = await configs.files({ 'broken.json': '{\n  "cells": [\n  }', 'comma.json': '{\n  "cells": [],\n}' });
    await expect(loadConfig('nope.json', { cwd: files.dir })).rejects.toMatchObject({ code: 'file-not-found', message: 'nope.json: no such file' });
    await expect(loadConfig('broken.json', { cwd: files.dir })).rejects.toMatchObject({
      code: 'not-json',
      message: expect.stringMatching(/^broken\.json: not valid JSON: [^\n]+$/),
    });
    await expect(loadConfig('comma.json', { cwd: files.dir })).rejects.toMatchObject({
      code: 'not-json',
      message: expect.stringMatching(/^comma\.json: not valid JSON: .* \(line 3, column 1\)$/),
    });
  });

  it('reports schema errors with the file and JSON pointer', async () => {
    const text = await messages({
      mode: 'proxi',
      cells: [
        { id: 'api1', origin: 'https://a.example.com', weight: -1 },
        { id: 'api 2', origin: 'https://b.example.com', weight: '50', colour: 'blue' },
        { id: 'api3', weight: 1 },
      ],
      partition: { from: [{ header: 'x-t', cookie: 's' }, {}, { pathSegment: -1 }, { clientIp: false }, { query: 'a b' }] },
      redirectStatus: 301,
      cellHeader: 'bad header',
      force: { hedaer: 'x' },
      overrides: { t: 7 },
      extra: true,
    });
    expect(text).toMatchInlineSnapshot(`
      "cellfront.config.json#/extra: unknown property "extra"; accepted: $schema, mode, redirectStatus, cells, pools, rules, partition, overrides, force, fallback, cellHeader
      cellfront.config.json#/mode: must be one of "proxy", "redirect", got "proxi"
      cellfront.config.json#/redirectStatus: must be one of 307, 308, 302, got 301
      cellfront.config.json#/cells/0/weight: must be >= 0
      cellfront.config.json#/cells/1/colour: unknown property "colour"; accepted: id, origin, weight, disabled
      cellfront.config.json#/cells/1/id: must be letters, digits, '-' and '_', up to 32 characters, got "api 2"
      cellfront.config.json#/cells/1/weight: must be a number, got a string
      cellfront.config.json#/cells/2: missing required property "origin"
      cellfront.config.json#/partition/from/0: must have exactly one of header, cookie, query, pathSegment, clientIp
      cellfront.config.json#/partition/from/1: must have exactly one of header, cookie, query, pathSegment, clientIp
      cellfront.config.json#/partition/from/2/pathSegment: must be >= 0
      cellfront.config.json#/partition/from/3/clientIp: must be true, got false
      cellfront.config.json#/partition/from/4/query: must be an HTTP token (header or cookie name), got "a b"
      cellfront.config.json#/overrides/t: must be a string, got a number
      cellfront.config.json#/force/hedaer: unknown property "hedaer"; accepted: header, cookie
      cellfront.config.json#/cellHeader: must be a header name or false, got "bad header""
    `);
  });

  it('reports a wrong root type', async () => {
    expect(await messages([1, 2])).toMatchInlineSnapshot(`"cellfront.config.json: must be an object, got an array"`);
    expect(await messages({ cells: [] })).toMatchInlineSnapshot(`"cellfront.config.json#/cells: must have at least 1 item"`);
  });

  it('reports meaning errors with the file and JSON pointer', async () => {
    const text = await messages({
      cells: [
        { id: 'api1', origin: '${APIGATEWAY1URL}', weight: 0 },
        { id: 'api1', origin: 'ftp://files.example.com', weight: 0 },
        { id: 'api3', origin: 'not a url', weight: 0 },
        { id: 'api4', origin: 'https://user:pw@example.com', weight: 0 },
        { id: 'api5', origin: 'https://example.com/?q=1', weight: 0 },
        { id: 'api6', origin: 'http://127.0.0.1:3000', weight: 0 },
        { id: 'api7', origin: '${Missing}', weight: 0 },
        { id: 'api8', origin: '${Broken', weight: 0, disabled: true },
      ],
      partition: {
        from: [{ clientIp: true }, { header: 'X-Amz-Cf-Id' }],
        sticky: { cookie: 'same' },
      },
      overrides: { 'tenant-1': 'nope', [`${'k'.repeat(500)}`]: 'api1', '': 'api1', 'a/b~c': 'gone' },
      force: { cookie: 'same', header: 'x-real-ip' },
      fallback: 'api8',
      cellHeader: 'Via',
    });
    expect(text).toMatchInlineSnapshot(`
      "cellfront.config.json#/cells/1/id: duplicate cell id "api1" (also at #/cells/0/id)
      cellfront.config.json#/cells/1/origin: must be an http(s) URL, got "ftp://files.example.com"
      cellfront.config.json#/cells/2/origin: must be an absolute http(s) URL, got "not a url"
      cellfront.config.json#/cells/3/origin: must not carry a user name or password
      cellfront.config.json#/cells/4/origin: must not have a query string or fragment, got "https://example.com/?q=1"
      cellfront.config.json#/cells/5/origin: must name its host by DNS name in proxy mode (CloudFront cannot send to an IP address), got "127.0.0.1"
      cellfront.config.json#/cells/6/origin: the stack output "Missing" is not in outputs.json (outputs: CellfrontStack.APIGATEWAY1URL, CellfrontStack.APIGATEWAY2URL)
      cellfront.config.json#/cells/7/origin: has an unterminated "\${" (write \${OutputName})
      cellfront.config.json#/cells: every enabled cell has weight 0; give at least one a positive weight
      cellfront.config.json#/fallback: cell "api8" is disabled; the fallback must be an enabled cell
      cellfront.config.json#/overrides/tenant-1: no cell "nope"; cells: api1, api3, api4, api5, api6, api7, api8
      cellfront.config.json#/overrides/kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: the KVS key "cellfront:pin:kkkkkkkkkkkkkkkkkkkkkkkk..." would take 514 bytes, over the 512-byte key limit
      cellfront.config.json#/overrides/: the partition key must not be empty
      cellfront.config.json#/overrides/a~1b~0c: no cell "gone"; cells: api1, api3, api4, api5, api6, api7, api8
      cellfront.config.json#/partition/from/1/header: CloudFront Functions never see the "X-Amz-Cf-Id" header, so it can never give a key
      cellfront.config.json#/partition/from/0: clientIp is always present, so the sources after it would never be read; put it last
      cellfront.config.json#/force/header: CloudFront Functions never see the "x-real-ip" header; pick another name
      cellfront.config.json#/force/cookie: "same" is also the sticky visitor cookie; pick another name
      cellfront.config.json#/cellHeader: CloudFront Functions cannot set the "via" response header; pick another name"
    `);
  });

  it('refuses a config with no cell to send traffic to', async () => {
    expect(
      await messages({
        cells: [
          { id: 'a', origin: 'https://a.example.com', weight: 1, disabled: true },
          { id: 'b', origin: 'https://b.example.com', weight: 0, disabled: true },
        ],
      }),
    ).toMatchInlineSnapshot(`"cellfront.config.json#/cells: every cell is disabled; at least one must take traffic"`);
    expect(await messages({ cells: [{ id: 'a', origin: 'https://a.example.com', weight: 0 }], fallback: 'zz' })).toMatchInlineSnapshot(`
      "cellfront.config.json#/cells: every enabled cell has weight 0; give at least one a positive weight
      cellfront.config.json#/fallback: no cell "zz"; cells: a"
    `);
  });

  it('accepts IP addresses in redirect mode only', async () => {
    const cells = [{ id: 'a', origin: 'http://127.0.0.1:3000', weight: 1 }];
    expect(await load({ mode: 'redirect', cells })).toMatchObject({ mode: 'redirect' });
    expect(await messages({ mode: 'proxy', cells })).toContain('cellfront.config.json#/cells/0/origin: must name its host by DNS name');
  });

  it('refuses the origins the edge would refuse, saying what is wrong and what is accepted', async () => {
    const text = await messages({
      cells: [
        { id: 'ok', origin: 'https://a.example.com', weight: 1 },
        { id: 'port0', origin: 'http://localhost:0/prod/', weight: 1 },
        { id: 'port99999', origin: 'https://a.example.com:99999/prod', weight: 1 },
        { id: 'underscore', origin: 'https://b_c.example.com/', weight: 1 },
        { id: 'dot', origin: 'https://B.Example.COM./', weight: 1 },
        { id: 'hyphen', origin: 'https://-a.example.com/', weight: 1 },
        { id: 'empty', origin: 'https://a..example.com/', weight: 1 },
        { id: 'long', origin: `https://${'a'.repeat(64)}.example.com/`, weight: 1 },
      ],
    });
    expect(text).toMatchInlineSnapshot(`
      "cellfront.config.json#/cells/1/origin: port 0 is not a valid port: use 1–65535
      cellfront.config.json#/cells/2/origin: port 99999 is not a valid port: use 1–65535
      cellfront.config.json#/cells/3/origin: host "b_c.example.com" is not a DNS name CloudFront accepts (label "b_c"): use labels of 1–63 letters, digits and hyphens, each beginning and ending with a letter or digit
      cellfront.config.json#/cells/4/origin: host "b.example.com." ends with a dot, which CloudFront refuses: write "b.example.com"
      cellfront.config.json#/cells/5/origin: host "-a.example.com" is not a DNS name CloudFront accepts (label "-a"): use labels of 1–63 letters, digits and hyphens, each beginning and ending with a letter or digit
      cellfront.config.json#/cells/6/origin: host "a..example.com" is not a DNS name CloudFront accepts (an empty label): use labels of 1–63 letters, digits and hyphens, each beginning and ending with a letter or digit
      cellfront.config.json#/cells/7/origin: host "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com" is not a DNS name CloudFront accepts (label "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"): use labels of 1–63 letters, digits and hyphens, each beginning and ending with a letter or digit"
    `);
  });

  it('refuses ports out of range in redirect mode too, and accepts a port spelled with leading zeros', async () => {
    const cells = (origin: string) => [{ id: 'a', origin, weight: 1 }];
    expect(await messages({ mode: 'redirect', cells: cells('http://127.0.0.1:0/') })).toBe('cellfront.config.json#/cells/0/origin: port 0 is not a valid port: use 1–65535');
    expect(await messages({ mode: 'redirect', cells: cells('http://127.0.0.1:65536/') })).toBe('cellfront.config.json#/cells/0/origin: port 65536 is not a valid port: use 1–65535');
    expect(await load({ cells: cells('http://a.example.com:08080/prod') })).toMatchObject({ cells: [{ origin: 'http://a.example.com:08080/prod' }] });
    expect(await load({ cells: cells('https://a.example.com:65535') })).toMatchObject({ mode: 'proxy' });
  });

  it('in proxy mode accepts an origin exactly when the edge can route with the table it compiles to', async () => {
    const origins = [
      'https://a.example.com',
      'http://localhost:8083/prod/',
      'http://localhost:0/prod/',
      'https://b_c.example.com/',
      'https://B.Example.COM./',
      'https://a*b.example.com/',
      'https://a!b.example.com/',
      'https://ä.example.com/',
      'https://a-.example.com/',
      `https://${'a'.repeat(63)}.example.com/`,
      `https://${'a'.repeat(64)}.example.com/`,
      'https://a.example.com/a b/"quoted"/',
      'http://a.example.com:443/',
    ];
    for (const origin of origins) {
      const loaded = await load({ cells: [{ id: 'a', origin, weight: 1 }] });
      const edge = decodeTable(compileTable(makeConfig({ cells: [{ id: 'a', origin, weight: 1, disabled: false }], fallback: 'a', overrides: [] })).encoded);
      expect(loaded instanceof ConfigError ? 'refused' : 'accepted', origin).toBe(edge.ok ? 'accepted' : 'refused');
    }
  });

  it('escapes override keys in JSON pointers', async () => {
    expect(await messages(issueWith({ overrides: { 'a/b~c': 'nope' } }))).toBe(
      'cellfront.config.json#/overrides/a~1b~0c: no cell "nope"; cells: api1, api2',
    );
  });
});
