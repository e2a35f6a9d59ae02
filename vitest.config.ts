import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // The package's own entry points resolve to the TypeScript sources in the
    // checkout (as the `cellfront-source` condition of package.json says),
    // never to a stale dist/.
    alias: [
      { find: /^cellfront$/, replacement: source('./src/index.ts') },
      { find: /^cellfront\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^cellfront\/cdk$/, replacement: source('./infra/edge-router/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Generous limits: CDK synthesis and real-process tests take several times longer on a
    // loaded 2-core machine than on a quiet one; the tests assert behaviour, never speed.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
