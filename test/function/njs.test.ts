import { describe, expect, it } from 'vitest';
import { runInNjs } from '../support/njs.js';
import { runEdgeCases } from './edge-cases.js';
import { runBatchInNjs } from './njs-runner.js';
import { runTableCases } from './table-cases.js';

runEdgeCases('njs', (batch) => runBatchInNjs(batch));
runTableCases('njs', (batch) => runBatchInNjs(batch));

describe('the njs runners', () => {
  it('fail, naming the package, when njs is not installed', async () => {
    const run = runInNjs({ code: 'function handler() {}', event: {}, kvs: {} }, '/nonexistent/njs');
    await expect(run).rejects.toThrow('njs is not installed: apt-get install njs');
    const batch = runBatchInNjs({ code: 'function handler() {}', calls: [] }, '/nonexistent/njs');
    await expect(batch).rejects.toThrow('njs is not installed: apt-get install njs');
  });

  it('surface what njs refuses instead of hiding it', async () => {
    const run = runBatchInNjs({ code: 'const { a } = {};\nfunction handler() {}', calls: [] });
    await expect(run).rejects.toThrow(/njs failed: .*SyntaxError/s);
  });
});
