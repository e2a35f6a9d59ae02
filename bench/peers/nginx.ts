/**
 * nginx proxying to the same demo APIs with `split_clients` on a header: the
 * ceiling for "pick a cell by hash, then proxy" on this machine. Uses the
 * system's nginx (`/usr/sbin/nginx`), with a config written to a temporary
 * directory; `undefined` when nginx is not installed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NGINX_PATHS = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

/** Where nginx is, if installed. */
export const NGINX = NGINX_PATHS.find((path) => existsSync(path));

export interface NginxPeer {
  readonly url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  await new Promise((done) => server.close(done));
  return port;
}

/** Starts nginx with `workers` worker processes, splitting `x-tenant-id` evenly over `origins` (`http://host:port/stage/`). */
export async function startNginx(origins: readonly string[], workers: number): Promise<NginxPeer> {
  if (!NGINX) throw new Error('nginx is not installed');
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-bench-nginx-'));
  const port = await freePort();
  const share = (100 / origins.length).toFixed(2);
  const targets = origins.map((origin) => new URL(origin));
  const conf = [
    `worker_processes ${workers};`,
    'daemon off;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${dir}/${name};`),
    '  split_clients "${http_x_tenant_id}${remote_addr}" $cell {',
    ...targets.map((_, i) => `    ${i === targets.length - 1 ? '*' : `${share}%`} cell${i + 1};`),
    '  }',
    ...targets.map((t, i) => `  upstream cell${i + 1} { server 127.0.0.1:${t.port}; keepalive 32; }`),
    `  server { listen 127.0.0.1:${port}; location / {`,
    '    proxy_http_version 1.1; proxy_set_header Connection "";',
    `    proxy_pass http://$cell${targets[0]?.pathname ?? '/'};`,
    '  } }',
    '}',
  ].join('\n');
  await writeFile(join(dir, 'nginx.conf'), conf);
  const child = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    const up = await fetch(url).then((r) => r.status, () => 0);
    if (up !== 0) break;
    await new Promise((done) => setTimeout(done, 50));
  }
  return {
    url,
    close: async () => {
      child.kill('SIGQUIT');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
