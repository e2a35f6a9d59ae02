/** Events and stores the engine and compute tests share. */
import { readFileSync } from 'node:fs';
import { viewerRequestEvent, type EventContext, type FunctionEvent, type KvsReader } from '../../src/runtime/index.js';

export const CONTEXT: EventContext = {
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'EDFDVBD6EXAMPLE',
  requestId: 'engines-1',
};

/** A viewer-request event for `url` from viewer 203.0.113.9. */
export function requestEvent(url = '/index.html?lang=en', rawHeaders: readonly string[] = ['Host', 'www.example.com']): FunctionEvent {
  return viewerRequestEvent({ method: 'GET', url, rawHeaders, clientIp: '203.0.113.9' }, CONTEXT);
}

/** A store in memory with fixed dates. */
export function memoryKvs(entries: Readonly<Record<string, string>>): KvsReader {
  const items = new Map(Object.entries(entries));
  return {
    get: (key) => items.get(key),
    meta: () => ({ creationDateTime: '2024-01-02T03:04:05.000Z', lastUpdatedDateTime: '2024-02-03T04:05:06.000Z', keyCount: items.size }),
  };
}

/** The text of a function in test/fixtures/functions. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/functions/${name}`, import.meta.url), 'utf8');
}
