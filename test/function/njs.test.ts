import { describe, expect, it } from 'vitest';
import { runInNjs } from '../support/njs.js';
import { runEdgeCases } from './edge-cases.js';

runEdgeCases('njs', (invocation) => runInNjs(invocation));

describe('the njs runner', () => {
  it('fails, naming the package, when njs is not installed', async () => {
    const run = runInNjs({ code: 'function handler() {}', event: {}, kvs: {} }, '/nonexistent/njs');
    await expect(run).rejects.toThrow('njs is not installed: apt-get install njs');
  });

  it('surfaces what njs refuses instead of hiding it', async () => {
    const run = runInNjs({ code: 'const { a } = {};\nfunction handler() {}', event: {}, kvs: {} });
    await expect(run).rejects.toThrow(/njs failed: .*SyntaxError/s);
  });
});
