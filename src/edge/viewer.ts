/**
 * A viewer's request and its answer, as the edge serves them: read by Node's HTTP
 * server, or by the edge itself for simple requests (`./fast-connection.ts`).
 */
import type { IncomingMessage } from 'node:http';
import type { FastRequest } from './fast-request.js';

export type ViewerRequest = IncomingMessage | FastRequest;

/** The members of Node's `ServerResponse` the edge uses; `FastResponse` has them too. */
export interface ViewerResponse extends NodeJS.WritableStream {
  readonly req: ViewerRequest;
  statusCode: number;
  statusMessage: string;
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
  appendHeader(name: string, value: string | readonly string[]): unknown;
  writeHead(statusCode: number, headers: string[]): unknown;
  writeHead(statusCode: number, statusMessage: string, headers: string[]): unknown;
  destroy(error?: Error): unknown;
}
