/** Plain HTTP to the local edge on loopback, the way a browser or curl would send it. */
import { request } from 'node:http';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** Sends one request to `host:port` (from `CLOUDFRONTDOMAINNAME`, `localhost` read as 127.0.0.1). */
export function send(
  domain: string,
  path: string,
  options: { readonly method?: string; readonly headers?: Record<string, string>; readonly body?: string } = {},
): Promise<Answer> {
  const [host, port] = domain.split(':');
  return new Promise((done, fail) => {
    const req = request(
      { host: host === 'localhost' ? '127.0.0.1' : host, port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', fail);
    req.end(options.body);
  });
}

/** The `name=value` part of each `Set-Cookie`, by name. */
export function setCookies(answer: Answer): Record<string, string> {
  const lines = answer.headers['set-cookie'] ?? [];
  return Object.fromEntries((Array.isArray(lines) ? lines : [lines]).map((l) => [l.split('=')[0] as string, l]));
}
