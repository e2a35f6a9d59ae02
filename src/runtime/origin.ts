/**
 * Checks what a function passes to `cf.updateRequestOrigin(props)` (spec §5).
 * CloudFront answers 502 to an invalid origin change; each message here names the
 * field and what it accepts. AWS's own TestFunction does not check these.
 */
import {
  ORIGIN_CONNECTION_ATTEMPTS_MAX,
  ORIGIN_CONNECTION_ATTEMPTS_MIN,
  ORIGIN_CONNECTION_TIMEOUT_MAX_SECONDS,
  ORIGIN_DOMAIN_NAME_MAX_CHARS,
  ORIGIN_KEEPALIVE_TIMEOUT_MAX_SECONDS,
  ORIGIN_PATH_MAX_CHARS,
  ORIGIN_READ_TIMEOUT_MAX_SECONDS,
} from '../limits.js';
import { ResultValidationError } from './errors.js';
import { headerNameProblem, isValidHeaderValue } from './headers.js';
import { hasControlChar } from './text.js';
import type { OriginChange } from './types.js';
import { describe, setOwn } from './values.js';

const PREFIX = 'cf.updateRequestOrigin';
const FIELDS = [
  'domainName',
  'hostHeader',
  'originPath',
  'customHeaders',
  'connectionAttempts',
  'timeouts',
  'customOriginConfig',
  'originShield',
  'originAccessControlConfig',
  'sni',
  'allowedCertificateNames',
  'mTLSConfig',
];
/** Origin mutual TLS: keep the origin's client certificate, or turn mTLS off (Developer Guide, "Using CloudFront Functions with origin mutual TLS"). */
const MTLS_CONFIGS = ['inherit', 'off'] as const;
const SSL_PROTOCOLS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'];
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

function fail(field: string, accepted: string, got: unknown): never {
  throw new ResultValidationError(`${PREFIX}: ${field} must be ${accepted} (got ${describe(got)})`);
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'an object', value);
  return value as Record<string, unknown>;
}

function onlyKeys(value: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ResultValidationError(`${PREFIX}: ${field ? `${field}.` : ''}${key} is not a known field; use ${allowed.join(', ')}`);
    }
  }
}

function isDnsName(value: string): boolean {
  if (value.length > ORIGIN_DOMAIN_NAME_MAX_CHARS) return false;
  for (const label of value.split('.')) if (!DNS_LABEL.test(label)) return false;
  return true;
}

const DNS_NAME_ACCEPTED = `a DNS name without a port or an IP address, at most ${ORIGIN_DOMAIN_NAME_MAX_CHARS} characters`;

function dnsName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isDnsName(value) || /^[\d.]+$/.test(value)) fail(field, DNS_NAME_ACCEPTED, value);
  return value;
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`, value);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !choices.includes(value as T)) fail(field, `one of ${choices.map((c) => `"${c}"`).join(', ')}`, value);
  return value as T;
}

const ORIGIN_PATH_ACCEPTED = `a path that starts with "/" and does not end with "/", at most ${ORIGIN_PATH_MAX_CHARS} characters, or ""`;

function originPath(value: unknown): string {
  if (typeof value !== 'string') fail('originPath', ORIGIN_PATH_ACCEPTED, value);
  if (value === '') return value;
  if (!value.startsWith('/') || value.endsWith('/') || value.length > ORIGIN_PATH_MAX_CHARS || /[\s?#]/.test(value)) fail('originPath', ORIGIN_PATH_ACCEPTED, value);
  return value;
}

function customHeaders(value: unknown): Record<string, string> {
  const headers = record(value, 'customHeaders');
  const out: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(headers)) {
    const problem = headerNameProblem(name);
    if (problem) throw new ResultValidationError(`${PREFIX}: customHeaders: ${JSON.stringify(name)}: ${problem}`);
    if (typeof headerValue !== 'string' || !isValidHeaderValue(headerValue)) {
      fail(`customHeaders[${JSON.stringify(name)}]`, 'a string without control characters', headerValue);
    }
    setOwn(out, name, headerValue);
  }
  return out;
}

function timeouts(value: unknown): NonNullable<OriginChange['timeouts']> {
  const input = record(value, 'timeouts');
  onlyKeys(input, 'timeouts', ['readTimeout', 'responseCompletionTimeout', 'keepAliveTimeout', 'connectionTimeout']);
  const out: NonNullable<OriginChange['timeouts']> = {};
  if (input.readTimeout !== undefined) out.readTimeout = integer(input.readTimeout, 'timeouts.readTimeout', 1, ORIGIN_READ_TIMEOUT_MAX_SECONDS);
  if (input.keepAliveTimeout !== undefined) {
    out.keepAliveTimeout = integer(input.keepAliveTimeout, 'timeouts.keepAliveTimeout', 1, ORIGIN_KEEPALIVE_TIMEOUT_MAX_SECONDS);
  }
  if (input.connectionTimeout !== undefined) {
    out.connectionTimeout = integer(input.connectionTimeout, 'timeouts.connectionTimeout', 1, ORIGIN_CONNECTION_TIMEOUT_MAX_SECONDS);
  }
  if (input.responseCompletionTimeout !== undefined) {
    const min = out.readTimeout ?? 1;
    out.responseCompletionTimeout = integer(input.responseCompletionTimeout, 'timeouts.responseCompletionTimeout', min, Number.MAX_SAFE_INTEGER);
  }
  return out;
}

function customOriginConfig(value: unknown): NonNullable<OriginChange['customOriginConfig']> {
  const input = record(value, 'customOriginConfig');
  onlyKeys(input, 'customOriginConfig', ['port', 'protocol', 'sslProtocols']);
  const out: NonNullable<OriginChange['customOriginConfig']> = {};
  if (input.port !== undefined) out.port = integer(input.port, 'customOriginConfig.port', 1, 65_535);
  if (input.protocol !== undefined) out.protocol = oneOf(input.protocol, 'customOriginConfig.protocol', ['http', 'https'] as const);
  if (input.sslProtocols !== undefined) {
    if (!Array.isArray(input.sslProtocols)) fail('customOriginConfig.sslProtocols', `an array of ${SSL_PROTOCOLS.join(', ')}`, input.sslProtocols);
    out.sslProtocols = input.sslProtocols.map((p, i) => oneOf(p, `customOriginConfig.sslProtocols[${i}]`, SSL_PROTOCOLS));
  }
  return out;
}

function originShield(value: unknown): NonNullable<OriginChange['originShield']> {
  const input = record(value, 'originShield');
  onlyKeys(input, 'originShield', ['enabled', 'region']);
  if (typeof input.enabled !== 'boolean') fail('originShield.enabled', 'true or false', input.enabled);
  if (input.region === undefined) {
    if (input.enabled) fail('originShield.region', 'an AWS Region such as "us-east-1" when enabled is true', input.region);
    return { enabled: input.enabled };
  }
  if (typeof input.region !== 'string' || !AWS_REGION.test(input.region)) fail('originShield.region', 'an AWS Region such as "us-east-1"', input.region);
  return { enabled: input.enabled, region: input.region };
}

function originAccessControl(value: unknown): NonNullable<OriginChange['originAccessControlConfig']> {
  const input = record(value, 'originAccessControlConfig');
  onlyKeys(input, 'originAccessControlConfig', ['enabled', 'region', 'signingBehavior', 'signingProtocol', 'originType']);
  if (typeof input.enabled !== 'boolean') fail('originAccessControlConfig.enabled', 'true or false', input.enabled);
  const out: NonNullable<OriginChange['originAccessControlConfig']> = { enabled: input.enabled };
  const field = 'originAccessControlConfig';
  // The Region of the S3 bucket to sign for (aws-samples' select-origin-based-on-country sets it).
  if (input.region !== undefined) {
    if (typeof input.region !== 'string' || !AWS_REGION.test(input.region)) fail(`${field}.region`, 'an AWS Region such as "eu-west-1"', input.region);
    out.region = input.region;
  }
  if (input.signingBehavior !== undefined) out.signingBehavior = oneOf(input.signingBehavior, `${field}.signingBehavior`, ['always', 'never', 'no-override']);
  if (input.signingProtocol !== undefined) out.signingProtocol = oneOf(input.signingProtocol, `${field}.signingProtocol`, ['sigv4']);
  if (input.originType !== undefined) out.originType = oneOf(input.originType, `${field}.originType`, ['s3', 'mediastore', 'mediapackagev2', 'lambda']);
  return out;
}

function certificateNames(value: unknown): string[] {
  const accepted = 'an array of DNS names (a leading "*." is allowed)';
  if (!Array.isArray(value)) fail('allowedCertificateNames', accepted, value);
  return value.map((name, i) => {
    if (typeof name !== 'string' || !isDnsName(name.replace(/^\*\./, ''))) fail(`allowedCertificateNames[${i}]`, accepted, name);
    return name;
  });
}

/**
 * The origin change `props` describes.
 *
 * @throws ResultValidationError naming the first invalid field and what it accepts.
 * @example
 * validateOriginChange({ domainName: 'api.example.com', customOriginConfig: { port: 443, protocol: 'https' } });
 */
export function validateOriginChange(props: unknown): OriginChange {
  const input = record(props, 'the argument');
  onlyKeys(input, '', FIELDS);
  const out: OriginChange = {};
  if (input.domainName !== undefined) out.domainName = dnsName(input.domainName, 'domainName');
  if (input.hostHeader !== undefined) {
    if (typeof input.hostHeader !== 'string' || input.hostHeader === '' || /\s/.test(input.hostHeader) || hasControlChar(input.hostHeader)) {
      fail('hostHeader', 'a host name without spaces or control characters', input.hostHeader);
    }
    out.hostHeader = input.hostHeader;
  }
  if (input.originPath !== undefined) out.originPath = originPath(input.originPath);
  if (input.customHeaders !== undefined) out.customHeaders = customHeaders(input.customHeaders);
  if (input.connectionAttempts !== undefined) {
    out.connectionAttempts = integer(input.connectionAttempts, 'connectionAttempts', ORIGIN_CONNECTION_ATTEMPTS_MIN, ORIGIN_CONNECTION_ATTEMPTS_MAX);
  }
  if (input.timeouts !== undefined) out.timeouts = timeouts(input.timeouts);
  if (input.customOriginConfig !== undefined) out.customOriginConfig = customOriginConfig(input.customOriginConfig);
  if (input.originShield !== undefined) out.originShield = originShield(input.originShield);
  if (input.originAccessControlConfig !== undefined) out.originAccessControlConfig = originAccessControl(input.originAccessControlConfig);
  if (input.sni !== undefined) out.sni = dnsName(input.sni, 'sni');
  if (input.allowedCertificateNames !== undefined) out.allowedCertificateNames = certificateNames(input.allowedCertificateNames);
  if (input.mTLSConfig !== undefined) out.mTLSConfig = oneOf(input.mTLSConfig, 'mTLSConfig', MTLS_CONFIGS);
  return out;
}
