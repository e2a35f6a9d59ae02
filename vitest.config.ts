import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous limits: CDK synthesis and real-process tests take several times longer on a
    // loaded 2-core machine than on a quiet one; the tests assert behaviour, never speed.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
