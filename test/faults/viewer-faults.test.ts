/**
 * Fault injection, viewer side: `cellfront dev` as a real process facing viewers no
 * browser would be: huge bodies, too many or too large headers, long URLs, slow
 * request heads, hundreds of connections at once. Each case asserts CloudFront's
 * status, that the edge keeps serving, and that the process's memory stays bounded.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchOutcome, postGenerated, rawExchange, rssBytes, sampleRss, useFaultRig } from './support.js';

const MB = 1024 * 1024;

describe('the local edge facing hostile viewers', () => {
  const rig = useFaultRig('cellfront-viewers-');
  const { stillServing } = rig;

  it('a 100 MB POST to the demo API: its 413 (API Gateway\'s 10 MB limit), and the process lives on', async () => {
    const rss = sampleRss(rig.dev.child.pid as number);
    const answer = await postGenerated(rig.dev.port, '/', 100 * MB);
    expect(answer.status).toBe(413);
    expect(await rss.stop()).toBeLessThan(300 * MB);
    await stillServing();
  });

  it('a 100 MB chunked POST streams through to the origin whole, in bounded memory', async () => {
    const rss = sampleRss(rig.dev.child.pid as number);
    const answer = await postGenerated(rig.dev.port, '/fault/sink', 100 * MB, { chunked: true });
    expect([answer.status, answer.body]).toEqual([200, String(100 * MB)]);
    expect(await rss.stop()).toBeLessThan(300 * MB);
    await stillServing();
  });

  it('an answer before the body, on a connection the viewer asked to close: the viewer keeps sending and reads it whole, then a clean close (no reset)', async () => {
    const outcome = await new Promise<{ text: string; error: string; ended: boolean }>((done) => {
      const socket = connect(rig.dev.port, '127.0.0.1');
      let text = '';
      let error = '';
      let ended = false;
      let extra = 0;
      const block = Buffer.alloc(64 * 1024, 'x');
      // The demo API answers 413 as soon as it sees the declared 50 MB; the viewer goes on sending 8 MB more after reading it.
      const keepSending = () => {
        while (extra < 8 * MB && !error) {
          extra += block.length;
          if (!socket.write(block)) return void socket.once('drain', keepSending);
        }
        socket.end();
      };
      socket.on('data', (chunk: Buffer) => {
        const before = text.length;
        text += chunk.toString('latin1');
        if (before === 0) keepSending();
      });
      socket.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code ?? failure.message));
      socket.on('end', () => (ended = true));
      socket.on('close', () => done({ text, error, ended }));
      socket.write(`POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${50 * MB}\r\n\r\n`);
      socket.write(Buffer.alloc(MB, 'x'));
    });
    expect(outcome.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(outcome.text).toContain('Request Entity Too Large');
    expect([outcome.error, outcome.ended]).toEqual(['', true]);
    await stillServing();
  });

  it('a declared body over CloudFront\'s 20 GB limit: 413 before any of it is read, connection closed', async () => {
    const answer = await rawExchange(rig.dev.port, `POST /fault/sink HTTP/1.1\r\nHost: x\r\nContent-Length: ${30 * 1024 ** 3}\r\n\r\nabc`);
    expect(answer.status).toBe(413);
    expect(answer.closed).toBe(true);
    expect(rig.origin.count('sink')).toBe(1);
  });

  it('2,500 small headers (over 20,480 bytes in all): 494, none dropped unseen', async () => {
    const headers = Array.from({ length: 2_500 }, (_, i) => `h${i}:v\r\n`).join('');
    const answer = await rawExchange(rig.dev.port, `GET /fault/ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`);
    expect(answer.status).toBe(494);
    await stillServing();
  });

  it('one 300 KB header: 494 with CloudFront\'s page, not a bare 400', async () => {
    const answer = await rawExchange(rig.dev.port, `GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nx-big: ${'b'.repeat(300 * 1024)}\r\n\r\n`);
    expect(answer.status).toBe(494);
    expect(answer.text).toContain('494 ERROR');
    await stillServing();
  });

  it('a URL of 8,193 bytes: 413 from the edge (not blamed on the function); 8,192 passes', async () => {
    const long = await rawExchange(rig.dev.port, `GET /fault/ok?q=${'a'.repeat(8_193 - '/fault/ok?q='.length)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(long.status).toBe(413);
    expect(long.text).not.toContain('FunctionValidationError');
    const fits = await rawExchange(rig.dev.port, `GET /fault/ok?q=${'a'.repeat(8_192 - '/fault/ok?q='.length)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(fits.status).toBe(200);
  });

  it('slowloris: 100 connections dribbling their heads do not stop others, and are closed', async () => {
    const sockets: Socket[] = [];
    const closed: boolean[] = [];
    for (let i = 0; i < 100; i++) {
      const socket = connect(rig.dev.port, '127.0.0.1');
      socket.on('error', () => undefined);
      const index = closed.push(false) - 1;
      socket.on('close', () => (closed[index] = true));
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
      sockets.push(socket);
    }
    const drip = setInterval(() => sockets.forEach((s) => s.writable && s.write('x-a: b\r\n')), 1_000);
    try {
      await stillServing();
      // The edge gives a request head 10 s; allow for a loaded machine.
      const deadline = Date.now() + 25_000;
      while (closed.includes(false) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(closed.filter((c) => !c).length).toBe(0);
    } finally {
      clearInterval(drip);
      sockets.forEach((s) => s.destroy());
    }
    await stillServing();
  }, 40_000);

  it('500 connections at once are all answered, in bounded memory', async () => {
    const rss = sampleRss(rig.dev.child.pid as number);
    const answers = await Promise.all(Array.from({ length: 500 }, () => fetchOutcome(rig.dev.port, '/')));
    const odd = answers.filter((a) => a.status !== 200 || a.ended !== 'complete').map((a) => `${a.status} ${a.ended} after ${a.ms} ms: ${a.body.slice(0, 200)}`);
    expect(odd).toEqual([]);
    expect(await rss.stop()).toBeLessThan(300 * MB);
    expect(await rssBytes(rig.dev.child.pid as number)).toBeGreaterThan(0);
  }, 60_000);
});
