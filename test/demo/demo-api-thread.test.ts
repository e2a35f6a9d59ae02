/**
 * The demo APIs' worker thread as `cellfront dev` uses it: the ports asked for,
 * closing (one API, all of them, the thread and the process), a port in use, and
 * a thread that stops on its own. The routes are in `demo-api.test.ts`.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startDemoApi } from '../../src/demo/demo-api.js';
import { DEMO_THREAD_MAX_RESTARTS, startDemoApiThread } from '../../src/demo/demo-api-thread.js';
import { send } from '../e2e/http.js';

/** A server on `port` (0: a free one), to hold a port or to prove it is free. */
async function hold(port = 0): Promise<Server & { port: number }> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return Object.assign(server, { port: (server.address() as { port: number }).port });
}

async function freePort(): Promise<number> {
  const server = await hold();
  await new Promise((done) => server.close(done));
  return server.port;
}

/** Whether something answers HTTP on the port. */
async function answers(port: number): Promise<boolean> {
  return send(`127.0.0.1:${port}`, '/prod/').then(
    () => true,
    () => false,
  );
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('startDemoApiThread', () => {
  it('starts each API on the port asked for; an API closed alone stops answering, the others do not', async () => {
    const ports = [await freePort(), await freePort()];
    const demo = await startDemoApiThread({ apis: ports.map((port, i) => ({ index: i + 1, port })) });
    try {
      expect(demo.apis.map((api) => api.port)).toEqual(ports);
      const [first, second] = await Promise.all(ports.map((port) => send(`127.0.0.1:${port}`, '/prod/')));
      expect([first?.body, second?.body]).toEqual(['{"message": "Hello from API 1"}', '{"message": "Hello from API 2"}']);
      await demo.apis[0]?.close();
      expect([await answers(ports[0] as number), await answers(ports[1] as number)]).toEqual([false, true]);
    } finally {
      await demo.close();
    }
  });

  it('close() closes every API, frees their ports and ends the thread', async () => {
    const demo = await startDemoApiThread({ apis: [{ index: 1 }, { index: 2 }] });
    const thread = demo.thread;
    const exited = once(thread, 'exit');
    await demo.close();
    await exited;
    expect(thread.threadId).toBe(-1);
    for (const api of demo.apis) {
      expect(await answers(api.port)).toBe(false);
      (await hold(api.port)).close();
    }
    // Closing again (or an API after it) is harmless.
    await demo.close();
    await demo.apis[0]?.close();
  });

  it('a process that closes them ends by itself: the thread does not keep it alive', async () => {
    const child = spawn(process.execPath, [new URL('./fixtures/start-and-close.mjs', import.meta.url).pathname], { stdio: 'pipe' });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    clearTimeout(timer);
    expect([code, signal, out]).toEqual([0, null, '200 {"message": "Hello from API 1"}\n200 {"message": "Hello from API 2"}\nclosed\n']);
  });

  it('a port in use rejects with the error startDemoApi throws in-process, and leaves nothing listening', async () => {
    const taken = await hold();
    const before = await freePort();
    try {
      const inProcess = await startDemoApi({ index: 2, port: taken.port }).then(
        () => undefined,
        (error: unknown) => error as NodeJS.ErrnoException & { port?: number },
      );
      const threaded = await startDemoApiThread({ apis: [{ index: 1, port: before }, { index: 2, port: taken.port }] }).then(
        () => undefined,
        (error: unknown) => error as NodeJS.ErrnoException & { port?: number },
      );
      expect(threaded).toBeInstanceOf(Error);
      expect([threaded?.code, threaded?.message, threaded?.syscall, threaded?.port]).toEqual(['EADDRINUSE', `listen EADDRINUSE: address already in use 127.0.0.1:${taken.port}`, 'listen', taken.port]);
      expect([threaded?.code, threaded?.message]).toEqual([inProcess?.code, inProcess?.message]);
      // API 1 had started: it was closed again.
      (await hold(before)).close();
    } finally {
      taken.close();
    }
  });

  it('a thread that stops is said and started again on the same ports; stopping too often, the APIs stay down, said too', async () => {
    const lines: string[] = [];
    const demo = await startDemoApiThread({ apis: [{ index: 1 }], log: (line) => lines.push(line) });
    const port = demo.apis[0]?.port as number;
    try {
      await demo.thread.terminate();
      await until(() => lines.length === 1 && answers(port), 'the thread to start again');
      expect(lines).toEqual(['demo APIs: their thread stopped (exit code 1); starting it again on the same ports']);
      expect((await send(`127.0.0.1:${port}`, '/prod/')).body).toBe('{"message": "Hello from API 1"}');
      for (let stop = 2; stop <= DEMO_THREAD_MAX_RESTARTS + 1; stop++) {
        const thread = demo.thread;
        await thread.terminate();
        await until(() => lines.length === stop && (stop > DEMO_THREAD_MAX_RESTARTS || demo.thread !== thread), `stop ${stop} to be handled`);
      }
      expect(lines.at(-1)).toBe(`demo APIs: their thread stopped (exit code 1) ${DEMO_THREAD_MAX_RESTARTS + 1} times within a minute; they stay down until restarted`);
      expect(await answers(port)).toBe(false);
    } finally {
      await demo.close();
    }
  });
});
