/**
 * §5 Origin modification: updateRequestOrigin with validation of every field,
 * selectRequestOriginById and createRequestOriginGroup against the distribution's
 * origins, and edgeLocation.
 */
import { responseEvent, type ConformanceCase } from '../case.js';

const ORIGINS = ['cell-a', 'cell-b'];
const IMPORT = "import cf from 'cloudfront';";

/** A viewer-request function that makes `call` (on `cf`), then returns the request. */
function calling(call: string): string {
  return `${IMPORT}\nfunction handler(event) {\n${call}\nreturn event.request;\n}\n`;
}

function accepted(id: string, spec: string, call: string, origin: object): ConformanceCase {
  return { id, spec, source: calling(call), originIds: ORIGINS, expect: { kind: 'request', origin } };
}

function refused(id: string, spec: string, call: string, message: RegExp): ConformanceCase {
  return { id, spec, source: calling(call), originIds: ORIGINS, expect: { kind: 'error', status: 502, message } };
}

const update = (props: string) => `cf.updateRequestOrigin(${props});`;

export const originCases: readonly ConformanceCase[] = [
  accepted('origin-update-all', '§5 updateRequestOrigin accepts every listed field', update(`{
    domainName: 'api.example.com', hostHeader: 'www.example.com', originPath: '/prod', customHeaders: { 'x-cell': 'b' },
    connectionAttempts: 2, timeouts: { readTimeout: 10, responseCompletionTimeout: 20, keepAliveTimeout: 5, connectionTimeout: 3 },
    customOriginConfig: { port: 8443, protocol: 'https', sslProtocols: ['TLSv1.2'] }, originShield: { enabled: true, region: 'us-east-1' },
    originAccessControlConfig: { enabled: true, signingBehavior: 'always', signingProtocol: 'sigv4', originType: 's3' },
    sni: 'api.example.com', allowedCertificateNames: ['*.example.com'] }`), {
    origin: { domainName: 'api.example.com', hostHeader: 'www.example.com', originPath: '/prod', customHeaders: { 'x-cell': 'b' }, connectionAttempts: 2 },
  }),
  accepted('origin-update-merge', '§5 fields not given are kept from earlier calls', `${update("{ timeouts: { readTimeout: 5 } }")}\n${update("{ timeouts: { connectionTimeout: 2 }, originPath: '/v2' }")}`, {
    origin: { originPath: '/v2', timeouts: { readTimeout: 5, connectionTimeout: 2 } },
  }),
  accepted('origin-update-clear-headers', '§5 customHeaders {} clears the custom headers', update('{ customHeaders: {} }'), { origin: { customHeaders: {} } }),
  refused('origin-domain-port', '§5 domainName may not carry a port', update("{ domainName: 'api.example.com:8080' }"), /domainName must be a DNS name without a port/),
  refused('origin-domain-ip', '§5 domainName may not be an IP address', update("{ domainName: '10.0.0.1' }"), /domainName must be a DNS name/),
  refused('origin-domain-long', '§5 domainName is at most 253 characters', update("{ domainName: 'a'.repeat(250) + '.com' }"), /at most 253 characters/),
  refused('origin-path-slash', '§5 originPath starts with "/"', update("{ originPath: 'prod' }"), /originPath must be a path that starts with "\/"/),
  refused('origin-path-trailing', '§5 originPath does not end with "/"', update("{ originPath: '/prod/' }"), /does not end with "\/"/),
  refused('origin-path-long', '§5 originPath is at most 255 characters', update("{ originPath: '/' + 'p'.repeat(255) }"), /at most 255 characters/),
  refused('origin-headers-case', '§5 customHeaders names are lower-case', update("{ customHeaders: { 'X-Cell': 'b' } }"), /header names must be lower-case/),
  refused('origin-headers-value', '§5 customHeaders values are strings', update("{ customHeaders: { 'x-cell': 1 } }"), /customHeaders\["x-cell"\] must be a string/),
  refused('origin-attempts', '§5 connectionAttempts is 1 to 3', update('{ connectionAttempts: 4 }'), /connectionAttempts must be an integer from 1 to 3/),
  refused('origin-read-timeout', '§5 timeouts.readTimeout is 1 to 120', update('{ timeouts: { readTimeout: 121 } }'), /readTimeout must be an integer from 1 to 120/),
  refused('origin-keepalive', '§5 timeouts.keepAliveTimeout is 1 to 120', update('{ timeouts: { keepAliveTimeout: 0 } }'), /keepAliveTimeout must be an integer from 1 to 120/),
  refused('origin-connection-timeout', '§5 timeouts.connectionTimeout is 1 to 10', update('{ timeouts: { connectionTimeout: 11 } }'), /connectionTimeout must be an integer from 1 to 10/),
  refused('origin-completion', '§5 responseCompletionTimeout is at least readTimeout', update('{ timeouts: { readTimeout: 30, responseCompletionTimeout: 20 } }'), /responseCompletionTimeout must be an integer of at least 30/),
  refused('origin-port', '§5 customOriginConfig.port is a TCP port', update('{ customOriginConfig: { port: 70000 } }'), /port must be an integer from 1 to 65535/),
  refused('origin-protocol', '§5 customOriginConfig.protocol is http or https', update("{ customOriginConfig: { protocol: 'ftp' } }"), /protocol must be one of "http", "https"/),
  refused('origin-ssl', '§5 customOriginConfig.sslProtocols are SSLv3 to TLSv1.2', update("{ customOriginConfig: { sslProtocols: ['TLSv1.3'] } }"), /sslProtocols\[0\] must be one of/),
  refused('origin-shield-region', '§5 originShield needs a region when enabled', update('{ originShield: { enabled: true } }'), /originShield\.region must be an AWS Region/),
  refused('origin-unknown-field', '§5 an unknown field is refused', update("{ domain: 'x' }"), /domain is not a known field/),
  refused('origin-not-object', '§5 the argument is an object', update("'api.example.com'"), /must be an object/),
  {
    id: 'origin-update-uncatchable',
    spec: '§5 an invalid origin fails the run even when the call is wrapped in try/catch',
    source: calling("try { cf.updateRequestOrigin({ customOriginConfig: { port: 0 } }); } catch (e) { console.log('threw'); }"),
    expect: { kind: 'error', status: 502, logs: [] },
  },
  {
    id: 'origin-viewer-response',
    spec: '§5 origin helpers are for viewer-request functions only',
    source: `${IMPORT}\nfunction handler(event) {\n  cf.updateRequestOrigin({ domainName: 'a.example.com' });\n  return event.response;\n}`,
    event: () => responseEvent(),
    expect: { kind: 'error', status: 503, message: /only available in viewer-request functions/ },
  },
  accepted('origin-select', '§5 selectRequestOriginById picks an origin of the distribution', "cf.selectRequestOriginById('cell-b');", { originId: 'cell-b' }),
  accepted(
    'origin-select-then-update',
    '§5 updateRequestOrigin after selectRequestOriginById changes the selected origin',
    "cf.updateRequestOrigin({ originPath: '/dropped' });\ncf.selectRequestOriginById('cell-a');\ncf.updateRequestOrigin({ hostHeader: 'cell-a.example.com' });",
    { originId: 'cell-a', origin: { hostHeader: 'cell-a.example.com' } },
  ),
  refused('origin-select-unknown', '§5 selectRequestOriginById of an origin the distribution lacks is refused', "cf.selectRequestOriginById('cell-z');", /"cell-z" is not an origin of this distribution/),
  refused('origin-select-type', '§5 selectRequestOriginById takes an origin id string', 'cf.selectRequestOriginById(7);', /must be the id of an origin of the distribution/),
  accepted('origin-group-ids', '§5 createRequestOriginGroup with originIds as strings and { statusCodes }', "cf.createRequestOriginGroup({ originIds: ['cell-a', 'cell-b'], failoverCriteria: { statusCodes: [500, 502] } });", {
    originGroup: { members: [{ originId: 'cell-a' }, { originId: 'cell-b' }], failoverStatusCodes: [500, 502] },
  }),
  accepted(
    'origin-group-objects',
    '§5 createRequestOriginGroup with { originId, originOverrides } and a plain list of codes',
    "cf.createRequestOriginGroup({ originIds: [{ originId: 'cell-b' }, { originId: 'cell-a', originOverrides: { originPath: '/backup' } }], failoverCriteria: [503] });",
    { originGroup: { members: [{ originId: 'cell-b' }, { originId: 'cell-a', originOverrides: { originPath: '/backup' } }], failoverStatusCodes: [503] } },
  ),
  refused('origin-group-one', '§5 an origin group has exactly two origins', "cf.createRequestOriginGroup({ originIds: ['cell-a'], failoverCriteria: [500] });", /originIds must be an array of 2 origins/),
  refused('origin-group-code', '§5 failover status codes are the ones CloudFront allows', "cf.createRequestOriginGroup({ originIds: ['cell-a', 'cell-b'], failoverCriteria: [418] });", /codes from 400, 403, 404, 416, 500, 502, 503, 504/),
  refused('origin-group-unknown', '§5 an origin group names origins of the distribution', "cf.createRequestOriginGroup({ originIds: ['cell-a', 'cell-z'], failoverCriteria: [500] });", /"cell-z" is not an origin of this distribution/),
  {
    id: 'origin-edge-location',
    spec: '§5 cf.edgeLocation describes the edge in viewer-request functions',
    source: calling('console.log(JSON.stringify(Object.keys(cf.edgeLocation).sort()));'),
    expect: { kind: 'request', logs: ['["name","region","serverIp"]'] },
  },
];
