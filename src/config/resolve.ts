import { KVS_KEY_MAX_BYTES } from '../limits.js';
import { PIN_KEY_PREFIX } from '../router/table/constants.js';
import { utf8Length } from '../router/table/bytes.js';
import { cellAccepted } from '../router/table/decode.js';
import { tableCell } from '../router/table/encode.js';
import { pointer, type ConfigIssue } from './errors.js';
import { isHiddenHeader, isUnsettableResponseHeader } from './headers.js';
import { resolveReferences, type OutputsFile } from './outputs.js';
import { CONFIG_DEFAULTS, type RawConfig, type RawSource } from './raw.js';
import { resolvePools, resolveRules } from './rules.js';
import type { PartitionSource, ResolvedCell, ResolvedConfig } from './types.js';

/** `cf.updateRequestOrigin` limits on what a proxy-mode origin turns into. */
const DOMAIN_NAME_MAX_CHARS = 253;
const ORIGIN_PATH_MAX_CHARS = 255;
/** The ports an origin may name: the edge refuses port 0 (the URL parser takes it), and no client can use it. */
const PORT_MIN = 1;
const PORT_MAX = 65535;
/** A DNS label as the edge accepts it (decode.ts): letters, digits and hyphens, a letter or digit at each end, 1 to 63 characters. */
const DNS_LABEL = /^[a-z\d]([a-z\d-]{0,61}[a-z\d])?$/i;

/**
 * Checks what the schema cannot (unique ids, targets that exist, origins that
 * resolve to usable URLs, weights that split something) and builds the
 * resolved config. Returns the config, or every issue found.
 */
export function resolveConfig(
  file: string,
  raw: RawConfig,
  outputs: OutputsFile | undefined,
): { config: ResolvedConfig } | { issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const issue = (at: string, message: string) => issues.push({ file, pointer: at, message });
  const mode = raw.mode ?? CONFIG_DEFAULTS.mode;

  const firstIndex = new Map<string, number>();
  const cells: ResolvedCell[] = raw.cells.map((cell, i) => {
    const seenAt = firstIndex.get(cell.id);
    if (seenAt !== undefined) issue(pointer('cells', i, 'id'), `duplicate cell id "${cell.id}" (also at #${pointer('cells', seenAt, 'id')})`);
    else firstIndex.set(cell.id, i);
    const resolved = resolveReferences(cell.origin, outputs);
    let origin = '';
    if ('problem' in resolved) issue(pointer('cells', i, 'origin'), resolved.problem);
    else {
      const problem = originProblem(cell.id, resolved.value, mode);
      if (problem) issue(pointer('cells', i, 'origin'), problem);
      else origin = resolved.value.trim();
    }
    return { id: cell.id, origin, weight: cell.weight, disabled: cell.disabled ?? false };
  });
  const ids = [...new Set(cells.map((c) => c.id))].join(', ');
  const enabled = cells.filter((c) => !c.disabled);
  if (enabled.length === 0) issue(pointer('cells'), 'every cell is disabled; at least one must take traffic');
  else if (enabled.every((c) => c.weight === 0)) issue(pointer('cells'), 'every enabled cell has weight 0; give at least one a positive weight');

  let fallback = enabled[0]?.id ?? '';
  if (raw.fallback !== undefined) {
    const target = cells.find((c) => c.id === raw.fallback);
    if (!target) issue(pointer('fallback'), `no cell "${raw.fallback}"; cells: ${ids}`);
    else if (target.disabled) issue(pointer('fallback'), `cell "${raw.fallback}" is disabled; the fallback must be an enabled cell`);
    else fallback = target.id;
  }

  const overrides = Object.entries(raw.overrides ?? {}).map(([key, cell]) => {
    const at = pointer('overrides', key);
    const keyBytes = utf8Length(PIN_KEY_PREFIX + key);
    if (key === '') issue(at, 'the partition key must not be empty');
    else if (keyBytes > KVS_KEY_MAX_BYTES) {
      issue(at, `the KVS key "${PIN_KEY_PREFIX}${key.slice(0, 24)}..." would take ${keyBytes} bytes, over the ${KVS_KEY_MAX_BYTES}-byte key limit`);
    }
    if (!firstIndex.has(cell)) issue(at, `no cell "${cell}"; cells: ${ids}`);
    return { key, cell };
  });

  const from = (raw.partition?.from ?? []).map((source, i) => partitionSource(source, i, issue));
  const lastIp = from.findIndex((s) => s.kind === 'client-ip');
  if (lastIp >= 0 && lastIp < from.length - 1) {
    issue(pointer('partition', 'from', lastIp), 'clientIp is always present, so the sources after it would never be read; put it last');
  }
  const sticky = {
    cookie: raw.partition?.sticky?.cookie ?? CONFIG_DEFAULTS.stickyCookie,
    maxAgeSeconds: raw.partition?.sticky?.maxAgeSeconds ?? CONFIG_DEFAULTS.stickyMaxAgeSeconds,
  };

  const force = raw.force ?? {};
  if (force.header && isHiddenHeader(force.header)) {
    issue(pointer('force', 'header'), `CloudFront Functions never see the "${force.header}" header; pick another name`);
  }
  if (force.cookie && force.cookie === sticky.cookie) {
    issue(pointer('force', 'cookie'), `"${force.cookie}" is also the sticky visitor cookie; pick another name`);
  }
  const cellHeader = raw.cellHeader === false ? undefined : (raw.cellHeader ?? CONFIG_DEFAULTS.cellHeader).toLowerCase();
  if (cellHeader && isUnsettableResponseHeader(cellHeader)) {
    issue(pointer('cellHeader'), `CloudFront Functions cannot set the "${cellHeader}" response header; pick another name`);
  }

  const pools = resolvePools(raw, cells, issue);
  const rules = resolveRules(raw, cells, pools, issue);

  if (issues.length > 0) return { issues };
  return {
    config: {
      file,
      mode,
      redirectStatus: raw.redirectStatus ?? CONFIG_DEFAULTS.redirectStatus,
      cells,
      partition: { from, sticky },
      overrides,
      force: {
        ...(force.header ? { header: force.header.toLowerCase() } : {}),
        ...(force.cookie ? { cookie: force.cookie } : {}),
      },
      fallback,
      cellHeader,
      // Left out when empty, so a config without rules resolves as it always did.
      ...(pools.length > 0 ? { pools } : {}),
      ...(rules.length > 0 ? { rules } : {}),
    },
  };
}

function partitionSource(source: RawSource, i: number, issue: (at: string, message: string) => void): PartitionSource {
  if (source.header !== undefined) {
    if (isHiddenHeader(source.header)) {
      issue(pointer('partition', 'from', i, 'header'), `CloudFront Functions never see the "${source.header}" header, so it can never give a key`);
    }
    return { kind: 'header', name: source.header.toLowerCase() };
  }
  if (source.cookie !== undefined) return { kind: 'cookie', name: source.cookie };
  if (source.query !== undefined) return { kind: 'query', name: source.query };
  if (source.pathSegment !== undefined) return { kind: 'path', index: source.pathSegment };
  return { kind: 'client-ip' };
}

/**
 * Why `origin` cannot be the origin of cell `id` in `mode`, or `undefined`
 * when it can. The last word is the edge's own check of the cell it compiles
 * to (`cellAccepted`), so that nothing passes here that the edge refuses.
 */
function originProblem(id: string, origin: string, mode: ResolvedConfig['mode']): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // The URL parser refuses a port over 65535 without saying why.
    return portProblem(origin) ?? `must be an absolute http(s) URL, got "${origin}"`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must be an http(s) URL, got "${origin}"`;
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.search || url.hash || /[?#]/.test(origin)) return `must not have a query string or fragment, got "${origin}"`;
  const port = portProblem(origin);
  if (port) return port;
  if (mode === 'proxy') {
    // cf.updateRequestOrigin takes a DNS name only: an IP address fails at the edge (502).
    if (/^\d+\.\d+\.\d+\.\d+$/.test(url.hostname) || url.hostname.startsWith('[')) {
      return `must name its host by DNS name in proxy mode (CloudFront cannot send to an IP address), got "${url.hostname}"`;
    }
    if (url.hostname.length > DOMAIN_NAME_MAX_CHARS) return `host name is over ${DOMAIN_NAME_MAX_CHARS} characters`;
    if (url.pathname.replace(/\/+$/, '').length > ORIGIN_PATH_MAX_CHARS) return `path is over ${ORIGIN_PATH_MAX_CHARS} characters`;
  }
  if (cellAccepted(tableCell({ id, origin: origin.trim(), weight: 0, disabled: false }, mode), mode === 'proxy')) return undefined;
  return (mode === 'proxy' ? hostProblem(url.hostname) : undefined) ?? `CloudFront does not accept it as a cell's origin, got "${origin}"`;
}

/**
 * Why the port `origin` names cannot be used (outside 1–65535), or `undefined`.
 * Read from the text: the URL parser refuses a port over 65535 as a whole URL.
 */
function portProblem(origin: string): string | undefined {
  const authority = /^[a-z][a-z\d+.-]*:\/\/([^/?#\\]*)/i.exec(origin.trim())?.[1] ?? '';
  const digits = /:(\d+)$/.exec(authority.slice(authority.lastIndexOf('@') + 1))?.[1];
  if (digits === undefined) return undefined;
  const port = Number(digits);
  return port < PORT_MIN || port > PORT_MAX ? `port ${digits.replace(/^0+(?=\d)/, '')} is not a valid port: use ${PORT_MIN}–${PORT_MAX}` : undefined;
}

/** What makes `host` a name the edge refuses (a trailing dot, a label it cannot take), or `undefined` when neither. */
function hostProblem(host: string): string | undefined {
  if (host.endsWith('.')) return `host "${host}" ends with a dot, which CloudFront refuses: write "${host.replace(/\.+$/, '')}"`;
  const label = host.split('.').find((l) => !DNS_LABEL.test(l));
  if (label === undefined) return undefined;
  const what = label === '' ? 'an empty label' : `label "${label}"`;
  return `host "${host}" is not a DNS name CloudFront accepts (${what}): use labels of 1–63 letters, digits and hyphens, each beginning and ending with a letter or digit`;
}
