/** The KeyValueStore data-plane API over HTTP: a request handler and a server around it. */
export { handleKvsRequest, type KvsHttpRequest } from './handle-request.js';
export { startKvsServer, type KvsServer, type KvsServerOptions } from './kvs-server.js';
export type { KvsHttpResponse } from './wire.js';
