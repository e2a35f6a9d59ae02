/**
 * Miniflare (Cloudflare's local Workers runtime, workerd inside) running a
 * routing worker equivalent to cellfront's: read the routing table from a KV
 * namespace, hash a header to pick a cell, then proxy to the cell by fetch (or
 * answer a 307 to it). Installed on demand by `./install`; `undefined` when it
 * is not installed.
 */
import { existsSync } from 'node:fs';

const ENTRY = new URL('./node_modules/miniflare/dist/src/index.js', import.meta.url);

/** The worker: KV read, FNV-1a of `x-tenant-id` (or the client's address), then fetch or 307. */
const WORKER = `
export default {
  async fetch(request, env) {
    const table = await env.ROUTING.get('table', 'json');
    const key = request.headers.get('x-tenant-id') || request.headers.get('cf-connecting-ip') || '';
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
    const slot = hash % 10000;
    let cell = table.cells[table.cells.length - 1];
    for (const c of table.cells) if (slot < c.upTo) { cell = c; break; }
    const url = new URL(request.url);
    const target = cell.origin + url.pathname.slice(1) + url.search;
    if (env.MODE === 'redirect') return new Response(null, { status: 307, headers: { location: target } });
    return fetch(target, { method: request.method, headers: request.headers, body: request.body });
  },
};
`;

/** A running Miniflare peer. */
export interface MiniflarePeer {
  readonly url: string;
  close(): Promise<void>;
}

interface MiniflareLike {
  ready: Promise<URL>;
  getKVNamespace(name: string): Promise<{ put(key: string, value: string): Promise<void> }>;
  dispose(): Promise<void>;
}

/** Whether `./install` has installed Miniflare. */
export function miniflareInstalled(): boolean {
  return existsSync(ENTRY);
}

/** Starts the routing worker over `origins` (stage URLs ending in `/`), half of the slots each. */
export async function startMiniflare(origins: readonly string[], mode: 'proxy' | 'redirect'): Promise<MiniflarePeer> {
  const { Miniflare } = (await import(ENTRY.href)) as { Miniflare: new (options: object) => MiniflareLike };
  const mf = new Miniflare({ modules: true, script: WORKER, kvNamespaces: ['ROUTING'], bindings: { MODE: mode }, host: '127.0.0.1', port: 0 });
  const url = await mf.ready;
  const share = Math.floor(10_000 / origins.length);
  const cells = origins.map((origin, i) => ({ origin, upTo: i === origins.length - 1 ? 10_000 : share * (i + 1) }));
  await (await mf.getKVNamespace('ROUTING')).put('table', JSON.stringify({ cells }));
  return { url: url.href, close: () => mf.dispose() };
}
