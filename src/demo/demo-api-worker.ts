/**
 * The demo APIs' thread: starts each API of `workerData` in order with
 * `startDemoApi` and says where they listen, or closes the ones started and says
 * why one could not listen. Closes APIs when asked; with none left, the thread ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startDemoApi, type DemoApi } from './demo-api.js';
import { errorData, type CloseMessage, type DemoThreadData, type DemoThreadMessage } from './demo-thread-protocol.js';

if (parentPort === null) throw new Error('demo-api-worker runs as a worker thread');
const host = parentPort;
const post = (message: DemoThreadMessage) => host.postMessage(message);

const running = new Map<number, DemoApi>();

async function closeApis(indexes: Iterable<number>): Promise<void> {
  const closing = [...indexes].flatMap((index) => {
    const api = running.get(index);
    running.delete(index);
    return api ? [api.close()] : [];
  });
  await Promise.all(closing);
}

async function start(data: DemoThreadData): Promise<void> {
  try {
    for (const spec of data.apis) running.set(spec.index, await startDemoApi(spec));
  } catch (error) {
    await closeApis([...running.keys()]);
    post({ type: 'failed', error: errorData(error) });
    host.close();
    return;
  }
  post({ type: 'listening', apis: [...running].map(([index, api]) => ({ index, host: api.host, port: api.port, url: api.url })) });
}

host.on('message', (message: CloseMessage) => {
  void closeApis(message.indexes).then(() => {
    post({ type: 'closed', id: message.id });
    if (running.size === 0) host.close();
  });
});

void start(workerData as DemoThreadData);
