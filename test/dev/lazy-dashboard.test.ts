import { afterEach, describe, expect, it } from 'vitest';
import type { DashboardHandler } from '../../src/dashboard/index.js';
import { listenLoadingOnFirstRequest, type LazyListener } from '../../src/dev/lazy-dashboard.js';

describe('the dev dashboard, loaded on its first request', () => {
  let listener: LazyListener | undefined;
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  const handlerAnswering = (text: string, closed: string[]): DashboardHandler => ({
    handle: (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => res.end(`${text} ${req.method} ${req.url} ${body}`));
    },
    close: async () => {
      closed.push(text);
    },
  });

  it('listens at once, loads nothing until a request comes, then loads once for requests that wait together', async () => {
    let loads = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((open) => (release = open));
    const closed: string[] = [];
    listener = await listenLoadingOnFirstRequest(0, async () => {
      loads++;
      await gate;
      return handlerAnswering('dashboard', closed);
    });
    expect(loads).toBe(0);
    expect(listener.loaded).toBe(false);

    const url = `http://127.0.0.1:${listener.port}`;
    const waiting = [fetch(`${url}/`), fetch(`${url}/api/state`), fetch(`${url}/api/preview`, { method: 'POST', body: '{"a":1}' })];
    // Held until released: the first request to arrive starts the one load, the others wait for it.
    for (let waited = 0; loads === 0 && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(loads).toBe(1);
    release();
    const texts = await Promise.all(waiting.map(async (answer) => (await answer).text()));
    // The body sent while the handler loaded is read in full afterwards.
    expect(texts).toEqual(['dashboard GET / ', 'dashboard GET /api/state ', 'dashboard POST /api/preview {"a":1}']);
    expect(listener.loaded).toBe(true);
    expect(await (await fetch(`${url}/again`)).text()).toBe('dashboard GET /again ');
    expect(loads).toBe(1);

    await listener.close();
    listener = undefined;
    expect(closed).toEqual(['dashboard']);
  });

  it('answers 500 with the reason when the load fails, and tries again on the next request', async () => {
    let loads = 0;
    listener = await listenLoadingOnFirstRequest(0, async () => {
      loads++;
      if (loads === 1) throw new Error('module missing');
      return handlerAnswering('second try', []);
    });
    const url = `http://127.0.0.1:${listener.port}/`;
    const failed = await fetch(url);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ code: 'crash', message: 'the dashboard did not load: module missing' });
    expect(listener.loaded).toBe(false);
    expect(await (await fetch(url)).text()).toBe('second try GET / ');
    expect(loads).toBe(2);
  });

  it('closes without loading anything when no request came', async () => {
    let loads = 0;
    listener = await listenLoadingOnFirstRequest(0, async () => {
      loads++;
      return handlerAnswering('never', []);
    });
    await listener.close();
    listener = undefined;
    expect(loads).toBe(0);
  });
});
